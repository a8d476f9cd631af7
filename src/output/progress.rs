//! Progress on stderr for work that takes long enough to wonder about: reading a store of a
//! gigabyte, importing a hundred thousand rows.
//!
//! Nothing is drawn when stderr is not a terminal (a pipe, a log, a script), nor in the first
//! second, so a command that finishes quickly looks as it always did. The work may report from
//! several threads at once; indicatif draws at a steady rate whatever the rate of reports.

use std::io::IsTerminal;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How long work runs before its progress is shown; `GSEF_PROGRESS_AFTER_MS` sets another
/// delay, so that a test can see the bar on a store that reads in milliseconds.
fn delay() -> Duration {
    std::env::var("GSEF_PROGRESS_AFTER_MS")
        .ok()
        .and_then(|milliseconds| milliseconds.parse().ok())
        .map_or(Duration::from_secs(1), Duration::from_millis)
}

/// A progress bar over a number of bytes, shown only when it is worth it.
pub struct Progress {
    label: String,
    /// The bytes to go through; `None` when not known (a pipe).
    total: Option<u64>,
    done: AtomicU64,
    started: Instant,
    delay: Duration,
    enabled: bool,
    bar: OnceLock<ProgressBar>,
}

impl Progress {
    /// Progress through `total` bytes of `label` (a file, or "records"), drawn on stderr when
    /// it is a terminal.
    pub fn new(label: impl Into<String>, total: Option<u64>) -> Progress {
        Progress::drawn_when(label, total, std::io::stderr().is_terminal())
    }

    fn drawn_when(label: impl Into<String>, total: Option<u64>, enabled: bool) -> Progress {
        Progress {
            label: label.into(),
            total,
            done: AtomicU64::new(0),
            started: Instant::now(),
            delay: delay(),
            enabled,
            bar: OnceLock::new(),
        }
    }

    /// `bytes` more are done; callable from any thread.
    pub fn add(&self, bytes: u64) {
        let done = self.done.fetch_add(bytes, Ordering::Relaxed) + bytes;
        self.show(done);
    }

    /// `done` bytes are done in all.
    pub fn set(&self, done: u64) {
        self.done.store(done, Ordering::Relaxed);
        self.show(done);
    }

    fn show(&self, done: u64) {
        if !self.enabled || self.started.elapsed() < self.delay {
            return;
        }
        let bar = self.bar.get_or_init(|| self.start_bar());
        bar.set_position(done);
    }

    fn start_bar(&self) -> ProgressBar {
        let bar = match self.total {
            Some(total) => ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr())
                .with_style(
                    ProgressStyle::with_template("{msg} [{bar:30}] {percent:>3}% {binary_bytes}")
                        .expect("a valid template")
                        .progress_chars("## "),
                ),
            None => ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr()).with_style(
                ProgressStyle::with_template("{msg} {binary_bytes} read")
                    .expect("a valid template"),
            ),
        };
        bar.set_message(crate::output::visible::one_line(&self.label).into_owned());
        bar
    }

    /// Whether a bar has been drawn.
    pub fn was_drawn(&self) -> bool {
        self.bar.get().is_some()
    }
}

impl Drop for Progress {
    /// The bar leaves no trace: the command's own output follows where it stood.
    fn drop(&mut self) {
        if let Some(bar) = self.bar.get() {
            bar.finish_and_clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_is_drawn_off_a_terminal_or_in_the_first_second() {
        let off_terminal = Progress::drawn_when("records", Some(100), false);
        off_terminal.add(100);
        assert!(!off_terminal.was_drawn());
        let quick = Progress::drawn_when("records", Some(100), true);
        quick.add(50);
        assert!(!quick.was_drawn(), "no bar before a second has passed");
        assert_eq!(quick.done.load(Ordering::Relaxed), 50);
    }
}
