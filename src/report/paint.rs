//! Minimal ANSI styling that turns itself off: colour is a courtesy to terminals, never
//! something a pipe, a file or NO_COLOR user has to strip.

/// Applies styles when enabled, passes text through otherwise.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Paint {
    pub enabled: bool,
}

impl Paint {
    fn wrap(self, code: &str, text: &str) -> String {
        if self.enabled { format!("\x1b[{code}m{text}\x1b[0m") } else { text.to_string() }
    }

    pub fn bold(self, t: &str) -> String {
        self.wrap("1", t)
    }

    pub fn dim(self, t: &str) -> String {
        self.wrap("2", t)
    }

    pub fn red(self, t: &str) -> String {
        self.wrap("31", t)
    }

    pub fn green(self, t: &str) -> String {
        self.wrap("32", t)
    }

    pub fn yellow(self, t: &str) -> String {
        self.wrap("33", t)
    }

    /// Colour a percentage by band: red below 50, yellow below 80, green from 80.
    pub fn score(self, score: Option<u32>, text: &str) -> String {
        match score {
            Some(s) if s >= 80 => self.green(text),
            Some(s) if s >= 50 => self.yellow(text),
            Some(_) => self.red(text),
            None => self.dim(text),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Paint;

    #[test]
    fn disabled_paint_is_plain_text() {
        assert_eq!(Paint { enabled: false }.red("x"), "x");
        assert_eq!(Paint { enabled: true }.red("x"), "\x1b[31mx\x1b[0m");
        assert_eq!(Paint { enabled: true }.score(Some(90), "90%"), "\x1b[32m90%\x1b[0m");
    }
}
