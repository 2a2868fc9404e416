//! A web address's QR code on screen (an answer's gov.kr page): dark
//! modules on light with its quiet zone, a line under it saying what it is
//! for, beside the answer when the screen is wide and tall enough, after it
//! otherwise; never cut (a cut code reads as nothing or, worse, wrong): a
//! screen too low for it has the address in the answer's source line.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::entry::wrap;
use super::Canvas;
use crate::qr::half_blocks;

/// The quiet zone on screen, in modules: half the standard's, so that the
/// code (33 columns, 17 lines for a gov.kr page) fits beside an answer on
/// a 100×30 kiosk; phone cameras read it, as the tests read a screenshot.
pub const SCREEN_QUIET_ZONE: usize = 2;

/// Columns the answer's text keeps beside a code.
const MIN_TEXT_WIDTH: u16 = 50;

/// A code and its caption as lines, and the code's width.
pub struct Code {
    pub lines: Vec<Line<'static>>,
    pub width: u16,
    /// How many of the lines are the caption.
    caption: usize,
}

impl Code {
    pub fn new(canvas: &Canvas, link: &str, caption: &str) -> Option<Code> {
        let blocks = half_blocks(link, SCREEN_QUIET_ZONE)?;
        let width = blocks.first().map_or(0, |l| l.width()) as u16;
        let mut lines: Vec<Line<'static>> = blocks
            .into_iter()
            .map(|l| Line::styled(l, canvas.theme.code()))
            .collect();
        let caption = wrap(&[], caption, canvas.theme.dim(), usize::from(width));
        let caption_lines = caption.len();
        lines.extend(caption);
        Some(Code {
            lines,
            width,
            caption: caption_lines,
        })
    }

    /// The areas of the text and of the code beside it, when the text keeps
    /// [`MIN_TEXT_WIDTH`] columns and the whole code fits in the height.
    pub fn beside(&self, area: Rect) -> Option<(Rect, Rect)> {
        let fits = area.width >= self.width + 1 + MIN_TEXT_WIDTH
            && usize::from(area.height) >= self.lines.len();
        fits.then(|| {
            let [text, _, code] = Layout::horizontal([
                Constraint::Min(MIN_TEXT_WIDTH),
                Constraint::Length(1),
                Constraint::Length(self.width),
            ])
            .areas(area);
            (text, code)
        })
    }

    /// Whether the code itself (its caption aside) fits in `height` lines.
    pub fn fits_in(&self, height: u16) -> bool {
        self.lines.len() - self.caption <= usize::from(height)
    }

    pub fn draw(self, canvas: &mut Canvas, area: Rect) {
        canvas.frame.render_widget(Paragraph::new(self.lines), area);
    }
}
