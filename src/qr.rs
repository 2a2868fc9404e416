//! A web address as a QR code in text: two rows of modules a line, drawn
//! with half blocks (`▀` `▄` `█`, a space for two light modules), dark
//! modules as ink, the quiet zone included, so that a phone camera reads it
//! from a terminal (drawn dark on light) or from a printed slip.

use qrcode::{Color, EcLevel, QrCode};

/// The light margin the standard asks for, in modules.
pub const QUIET_ZONE: usize = 4;

/// The lines of a QR code of `text` with a margin of `quiet` modules, all
/// of one width; `None` when it is too long for any QR code. Error
/// correction level L: a screen or a fresh slip is not a dirty label, and
/// the code stays small (version 3, 29 modules, for a gov.kr page).
pub fn half_blocks(text: &str, quiet: usize) -> Option<Vec<String>> {
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::L).ok()?;
    let modules = code.width();
    let size = modules + 2 * quiet;
    let dark = |x: usize, y: usize| {
        let inside = (quiet..quiet + modules).contains(&x) && (quiet..quiet + modules).contains(&y);
        inside && code[(x - quiet, y - quiet)] == Color::Dark
    };
    let lines = (0..size)
        .step_by(2)
        .map(|y| {
            (0..size)
                .map(|x| match (dark(x, y), dark(x, y + 1)) {
                    (true, true) => '█',
                    (true, false) => '▀',
                    (false, true) => '▄',
                    (false, false) => ' ',
                })
                .collect()
        })
        .collect();
    Some(lines)
}

#[cfg(test)]
pub mod tests {
    use super::*;

    /// What a camera sees in half-block lines: `scale` pixels a module,
    /// dark modules black on white, read by a QR decoder.
    pub fn decode(lines: &[String], scale: usize) -> Option<String> {
        let rows: Vec<Vec<char>> = lines.iter().map(|l| l.chars().collect()).collect();
        let width = rows.iter().map(Vec::len).max()? * scale;
        let height = rows.len() * 2 * scale;
        let mut image = rqrr::PreparedImage::prepare_from_greyscale(width, height, |x, y| {
            let cell = rows[y / scale / 2].get(x / scale).copied().unwrap_or(' ');
            let top = (y / scale).is_multiple_of(2);
            let ink = match cell {
                '█' => true,
                '▀' => top,
                '▄' => !top,
                _ => false,
            };
            if ink {
                0
            } else {
                255
            }
        });
        let grids = image.detect_grids();
        let (_, content) = grids.first()?.decode().ok()?;
        Some(content)
    }

    #[test]
    fn a_gov_kr_page_reads_back_from_its_half_blocks() {
        for id in [
            "B55370100023",
            "000000465790",
            "SSE000000170",
            "AAA999999999",
        ] {
            let url = format!("https://www.gov.kr/portal/rcvfvrSvc/dtlEx/{id}");
            let lines = half_blocks(&url, QUIET_ZONE).expect("a code");
            // Version 3: 29 modules and the margin, two rows a line.
            assert_eq!(lines.len(), (29 + 2 * QUIET_ZONE).div_ceil(2), "{id}");
            assert!(lines
                .iter()
                .all(|l| l.chars().count() == 29 + 2 * QUIET_ZONE));
            assert_eq!(decode(&lines, 4).as_deref(), Some(url.as_str()), "{id}");
        }
    }

    #[test]
    fn the_margin_is_light_and_too_much_text_is_no_code() {
        let lines = half_blocks("https://www.gov.kr", 2).unwrap();
        assert!(lines[0].chars().all(|c| c == ' '));
        assert!(lines
            .iter()
            .all(|l| l.starts_with("  ") && l.ends_with("  ")));
        assert_eq!(half_blocks(&"x".repeat(8000), 2), None);
    }
}
