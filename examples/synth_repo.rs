//! Synthetic inputs for the performance benchmark.
//!
//! ```text
//! synth_repo repo DIR [--files N] [--seed S]        write a synthetic repository
//! synth_repo pack --times K --out FILE [--rules DIR] [--literals same|fresh]
//!                                       write the built-in rules K times over
//! synth_repo line-patterns IN OUT        rewrite patterns for `rg` in line mode
//! ```

#[path = "../benches/synth/mod.rs"]
mod synth;

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage:
  synth_repo repo DIR [--files N] [--seed S]
  synth_repo pack --times K --out FILE [--rules DIR] [--literals same|fresh]
  synth_repo line-patterns IN OUT";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(line) => {
            println!("{line}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("synth_repo: {message}");
            ExitCode::from(2)
        }
    }
}

/// Positional arguments and `--name value` options, in order.
struct Args {
    positional: Vec<String>,
    options: Vec<(String, String)>,
}

impl Args {
    fn parse(args: &[String], known: &[&str]) -> Result<Self, String> {
        let mut parsed = Args { positional: Vec::new(), options: Vec::new() };
        let mut it = args.iter();
        while let Some(arg) = it.next() {
            if let Some(name) = arg.strip_prefix("--") {
                if !known.contains(&name) {
                    return Err(format!("unknown option --{name}\n{USAGE}"));
                }
                let value = it.next().ok_or_else(|| format!("--{name} needs a value"))?;
                parsed.options.push((name.to_string(), value.clone()));
            } else {
                parsed.positional.push(arg.clone());
            }
        }
        Ok(parsed)
    }

    /// The last value given for `--name`.
    fn get(&self, name: &str) -> Option<&str> {
        self.options.iter().rev().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    fn number<T: std::str::FromStr>(&self, name: &str) -> Result<Option<T>, String> {
        self.get(name)
            .map(|v| v.parse().map_err(|_| format!("--{name}: `{v}` is not a non-negative integer")))
            .transpose()
    }
}

fn run(args: &[String]) -> Result<String, String> {
    let (command, rest) = args.split_first().ok_or(USAGE)?;
    match command.as_str() {
        "repo" => {
            let a = Args::parse(rest, &["files", "seed"])?;
            let [dir] = a.positional.as_slice() else {
                return Err(format!("repo takes one directory\n{USAGE}"));
            };
            let dir = PathBuf::from(dir);
            // Never mix generated files into an existing tree: the counts would lie.
            if let Ok(mut entries) = std::fs::read_dir(&dir)
                && entries.next().is_some()
            {
                return Err(format!("{} exists and is not empty", dir.display()));
            }
            let spec =
                synth::Spec { files: a.number("files")?.unwrap_or(10_000), seed: a.number("seed")?.unwrap_or(1) };
            let s = synth::generate(&dir, &spec).map_err(|e| format!("{}: {e}", dir.display()))?;
            Ok(format!("files={} bytes={} ignored={}", s.files, s.bytes, s.ignored_files))
        }
        "pack" => {
            let a = Args::parse(rest, &["times", "out", "rules", "literals"])?;
            if !a.positional.is_empty() {
                return Err(format!("pack takes no positional argument\n{USAGE}"));
            }
            let times = a.number("times")?.ok_or("pack needs --times K")?;
            let out = PathBuf::from(a.get("out").ok_or("pack needs --out FILE")?);
            let rules = a
                .get("rules")
                .map_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/rules")), PathBuf::from);
            let literals = match a.get("literals") {
                None | Some("same") => synth::Literals::Same,
                Some("fresh") => synth::Literals::Fresh,
                Some(other) => return Err(format!("--literals is same or fresh, not `{other}`")),
            };
            let n = synth::multiply_pack(&rules, times, &out, literals)?;
            Ok(format!("rules={n}"))
        }
        "line-patterns" => {
            let [input, out] = rest else {
                return Err(format!("line-patterns takes IN and OUT\n{USAGE}"));
            };
            let text = std::fs::read_to_string(input).map_err(|e| format!("{input}: {e}"))?;
            let (mut kept, mut dropped) = (String::new(), 0);
            for pattern in text.lines() {
                let hir = readiness::rules::pattern::hir(pattern).map_err(|e| format!("{pattern}: {e}"))?;
                match line_mode(&hir) {
                    Some(line) => kept.push_str(&format!("{line}\n")),
                    None => dropped += 1,
                }
            }
            std::fs::write(out, kept).map_err(|e| format!("{out}: {e}"))?;
            Ok(format!("kept={} dropped={dropped}", text.lines().count() - dropped))
        }
        "-h" | "--help" | "help" => Ok(USAGE.to_string()),
        other => Err(format!("unknown command `{other}`\n{USAGE}")),
    }
}

/// A pattern as `rg` runs it without `-U`: line by line. Classes lose the line feed (no line
/// holds one), and a part that needs a line feed drops its alternative, or the whole pattern
/// (`None`) when nothing is left. What remains matches within lines what the pattern does,
/// so ripgrep's work is never more than the original's.
fn line_mode(hir: &regex_syntax::hir::Hir) -> Option<regex_syntax::hir::Hir> {
    use regex_syntax::hir::{Class, ClassBytes, ClassBytesRange, ClassUnicode, ClassUnicodeRange, Hir, HirKind, Look};
    Some(match hir.kind() {
        HirKind::Empty => Hir::empty(),
        HirKind::Literal(lit) if lit.0.contains(&b'\n') => return None,
        HirKind::Literal(lit) => Hir::literal(lit.0.clone()),
        HirKind::Class(Class::Bytes(c)) => {
            let mut c = c.clone();
            c.difference(&ClassBytes::new([ClassBytesRange::new(b'\n', b'\n')]));
            Hir::class(Class::Bytes(c))
        }
        HirKind::Class(Class::Unicode(c)) => {
            let mut c = c.clone();
            c.difference(&ClassUnicode::new([ClassUnicodeRange::new('\n', '\n')]));
            Hir::class(Class::Unicode(c))
        }
        // ripgrep handles `\r\n` line ends itself (`--crlf`); plain anchors suffice per line.
        HirKind::Look(Look::StartCRLF) => Hir::look(Look::StartLF),
        HirKind::Look(Look::EndCRLF) => Hir::look(Look::EndLF),
        HirKind::Look(look) => Hir::look(*look),
        HirKind::Capture(c) => Hir::capture(regex_syntax::hir::Capture {
            index: c.index,
            name: c.name.clone(),
            sub: Box::new(line_mode(&c.sub)?),
        }),
        HirKind::Repetition(r) => match line_mode(&r.sub) {
            Some(sub) => Hir::repetition(regex_syntax::hir::Repetition { sub: Box::new(sub), ..r.clone() }),
            None if r.min == 0 => Hir::empty(),
            None => return None,
        },
        HirKind::Concat(parts) => Hir::concat(parts.iter().map(line_mode).collect::<Option<Vec<_>>>()?),
        HirKind::Alternation(alts) => {
            let kept: Vec<Hir> = alts.iter().filter_map(line_mode).collect();
            if kept.is_empty() {
                return None;
            }
            Hir::alternation(kept)
        }
    })
}
