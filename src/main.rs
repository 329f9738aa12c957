//! The `readiness` binary: parse arguments, run, map the outcome to an exit code
//! (0 ok, 1 below the threshold, 2 error).

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;
use readiness::cli::{Cli, Environment, run};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let no_color_env = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let no_color_flag = matches!(&cli.command, readiness::cli::Command::Check(a) if a.no_color);
    let diag_color = std::io::stderr().is_terminal() && !no_color_env && !no_color_flag;
    miette::set_hook(Box::new(move |_| {
        Box::new(miette::MietteHandlerOpts::new().color(diag_color).unicode(diag_color).build())
    }))
    .ok();

    let term = Environment {
        stdout_is_tty: std::io::stdout().is_terminal(),
        no_color_env,
        github_step_summary: std::env::var_os("GITHUB_STEP_SUMMARY").filter(|v| !v.is_empty()).map(Into::into),
        interactive_stderr: std::io::stderr().is_terminal() && std::env::var_os("CI").is_none(),
    };
    let mut stdout = std::io::stdout().lock();
    // Not locked for the whole run: the progress bar draws on stderr from its own thread.
    let mut stderr = std::io::stderr();
    match run(cli, &mut stdout, &mut stderr, term) {
        Ok(code) => ExitCode::from(code),
        Err(e) if e.is_broken_pipe() => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(stderr, "{:?}", miette::Report::new(e));
            ExitCode::from(2)
        }
    }
}
