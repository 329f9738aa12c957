//! The progress bar of a long scan. The one part of the library that draws on the terminal
//! itself, and only when the binary says stderr is an interactive terminal outside CI: it
//! polls the scanner's counters from its own thread, so the scan never waits on drawing.

use std::sync::Arc;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::scan::Progress;

/// Scans that end sooner than this never show a bar: it would only flicker.
const DELAY: Duration = Duration::from_millis(500);
/// How often the bar is redrawn.
const TICK: Duration = Duration::from_millis(100);

/// A spinner with counts, drawn on stderr while alive; cleared when dropped.
pub struct ProgressBar {
    stop: Option<mpsc::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl ProgressBar {
    /// Start watching `progress`; the bar appears only if the scan is still running after
    /// half a second.
    pub fn show_after_delay(progress: Arc<Progress>) -> Self {
        let (stop, stopped) = mpsc::channel::<()>();
        let thread = std::thread::spawn(move || {
            let started = Instant::now();
            let mut bar: Option<indicatif::ProgressBar> = None;
            // Until stopped, or until the scan's owner is gone.
            while let Err(RecvTimeoutError::Timeout) = stopped.recv_timeout(TICK) {
                if started.elapsed() < DELAY {
                    continue;
                }
                let bar = bar.get_or_insert_with(|| {
                    let bar = indicatif::ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::stderr());
                    bar.set_style(
                        indicatif::ProgressStyle::with_template("{spinner} scanning: {msg} [{elapsed}]")
                            .expect("valid template"),
                    );
                    bar
                });
                bar.set_message(format!("{} files, {:.1} MB read", progress.files(), progress.bytes() as f64 / 1e6));
                bar.tick();
            }
            if let Some(bar) = bar {
                bar.finish_and_clear();
            }
        });
        Self { stop: Some(stop), thread: Some(thread) }
    }
}

impl Drop for ProgressBar {
    fn drop(&mut self) {
        drop(self.stop.take());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_scan_never_waits_for_the_bar() {
        // Dropped before the delay: the thread stops at once and nothing was drawn.
        let started = Instant::now();
        drop(ProgressBar::show_after_delay(Arc::new(Progress::default())));
        assert!(started.elapsed() < DELAY, "{:?}", started.elapsed());
    }
}
