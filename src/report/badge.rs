//! `readiness badge`: a shields-style SVG ("readiness | 82%") coloured by score band, and
//! the shields.io endpoint JSON for READMEs that link to a badge service instead.
//!
//! Text widths come from Verdana 11px advance widths (what shields.io measures with), so
//! the badge looks like its neighbours in a README row of badges.

use std::fmt::Write;

/// The badge's left-hand text.
const LABEL: &str = "readiness";

/// (lowest score, shields colour name, hex) from best to worst; the bands of shields.io's
/// own coverage badges.
const BANDS: &[(u32, &str, &str)] = &[
    (90, "brightgreen", "#4c1"),
    (75, "green", "#97ca00"),
    (60, "yellowgreen", "#a4a61d"),
    (45, "yellow", "#dfb317"),
    (30, "orange", "#fe7d37"),
    (0, "red", "#e05d44"),
];

/// Colour when no rule applies, so there is no score.
const NO_SCORE: (&str, &str) = ("lightgrey", "#9f9f9f");

/// The message and colour (shields name, hex) for a score.
fn look(score: Option<u32>) -> (String, &'static str, &'static str) {
    match score {
        Some(s) => {
            let &(_, name, hex) = BANDS.iter().find(|(min, _, _)| s >= *min).expect("the last band starts at 0");
            (format!("{s}%"), name, hex)
        }
        None => ("n/a".to_string(), NO_SCORE.0, NO_SCORE.1),
    }
}

/// The shields.io endpoint JSON (https://shields.io/badges/endpoint-badge).
pub fn shields_json(score: Option<u32>) -> String {
    let (message, color, _) = look(score);
    let json = serde_json::json!({ "schemaVersion": 1, "label": LABEL, "message": message, "color": color });
    format!("{json}\n")
}

/// A flat shields-style SVG badge, self-contained, with a title for screen readers.
pub fn svg(score: Option<u32>) -> String {
    let (message, _, color) = look(score);
    // 5px of padding each side of each text, as shields does.
    let left = text_width(LABEL) + 10;
    let right = text_width(&message) + 10;
    let width = left + right;
    let title = format!("{LABEL}: {message}");
    let mut out = String::new();
    let _ = write!(
        out,
        concat!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"20\" role=\"img\" aria-label=\"{t}\">",
            "<title>{t}</title>",
            "<linearGradient id=\"s\" x2=\"0\" y2=\"100%\"><stop offset=\"0\" stop-color=\"#bbb\" stop-opacity=\".1\"/>",
            "<stop offset=\"1\" stop-opacity=\".1\"/></linearGradient>",
            "<clipPath id=\"r\"><rect width=\"{w}\" height=\"20\" rx=\"3\" fill=\"#fff\"/></clipPath>",
            "<g clip-path=\"url(#r)\"><rect width=\"{l}\" height=\"20\" fill=\"#555\"/>",
            "<rect x=\"{l}\" width=\"{r}\" height=\"20\" fill=\"{c}\"/>",
            "<rect width=\"{w}\" height=\"20\" fill=\"url(#s)\"/></g>",
            "<g fill=\"#fff\" text-anchor=\"middle\" font-family=\"Verdana,Geneva,DejaVu Sans,sans-serif\" font-size=\"11\">",
            "<text x=\"{lx}\" y=\"15\" fill=\"#010101\" fill-opacity=\".3\">{label}</text>",
            "<text x=\"{lx}\" y=\"14\">{label}</text>",
            "<text x=\"{rx}\" y=\"15\" fill=\"#010101\" fill-opacity=\".3\">{m}</text>",
            "<text x=\"{rx}\" y=\"14\">{m}</text></g></svg>\n"
        ),
        w = width,
        t = title,
        l = left,
        r = right,
        c = color,
        lx = left as f64 / 2.0,
        rx = left as f64 + right as f64 / 2.0,
        label = LABEL,
        m = message,
    );
    out
}

/// Width in pixels of `text` in Verdana 11px, rounded up.
fn text_width(text: &str) -> u32 {
    let tenths: u32 = text.chars().map(char_width_tenths).sum();
    tenths.div_ceil(10)
}

/// Verdana 11px advance width of a character, in tenths of a pixel (the characters a badge
/// holds; anything else counts as a wide letter).
fn char_width_tenths(c: char) -> u32 {
    match c {
        '0'..='9' => 70,
        '%' => 119,
        '/' | ' ' => 39,
        '.' => 35,
        'i' | 'l' => 30,
        'f' | 'j' | 'r' | 't' => 43,
        'm' | 'w' => 107,
        'a' | 'c' | 'k' | 's' | 'v' | 'x' | 'y' | 'z' => 60,
        'b' | 'd' | 'e' | 'g' | 'h' | 'n' | 'o' | 'p' | 'q' | 'u' => 68,
        _ => 75,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands_follow_the_score() {
        assert_eq!(look(Some(100)).1, "brightgreen");
        assert_eq!(look(Some(90)).1, "brightgreen");
        assert_eq!(look(Some(89)).1, "green");
        assert_eq!(look(Some(60)).1, "yellowgreen");
        assert_eq!(look(Some(59)).1, "yellow");
        assert_eq!(look(Some(30)).1, "orange");
        assert_eq!(look(Some(29)).1, "red");
        assert_eq!(look(Some(0)).1, "red");
        assert_eq!(look(None), ("n/a".to_string(), "lightgrey", "#9f9f9f"));
    }

    #[test]
    fn shields_endpoint_json() {
        assert_eq!(
            shields_json(Some(82)),
            "{\"color\":\"green\",\"label\":\"readiness\",\"message\":\"82%\",\"schemaVersion\":1}\n"
        );
    }

    #[test]
    fn the_svg_is_well_formed_and_sized_to_its_text() {
        let badge = svg(Some(82));
        let doc = roxmltree::Document::parse(&badge).expect("well-formed XML");
        let root = doc.root_element();
        assert_eq!(root.attribute("aria-label"), Some("readiness: 82%"));
        let width: u32 = root.attribute("width").unwrap().parse().unwrap();
        // "readiness" is ~56px and "82%" ~26px in Verdana 11, plus 10px padding each.
        assert!((95..=110).contains(&width), "{width}");
        assert!(badge.contains("fill=\"#97ca00\""));
        assert!(svg(Some(100)).contains("100%"));
    }
}
