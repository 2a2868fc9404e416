//! Every colour and text style the UI uses. High contrast by default (every
//! pair at least 4.5:1 in the xterm and the Linux console palettes, tested
//! below); `NO_COLOR` (or a monochrome terminal) gets bold, underline and
//! reverse only.

use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
}

impl Theme {
    /// Colour unless the `NO_COLOR` convention asks for none.
    pub fn from_env() -> Self {
        Self {
            color: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        }
    }

    fn pick(&self, colored: Style, plain: Style) -> Style {
        if self.color {
            colored
        } else {
            plain
        }
    }

    pub fn base(&self) -> Style {
        self.pick(Style::new().fg(Color::White).bg(Color::Black), Style::new())
    }
    pub fn title(&self) -> Style {
        self.pick(
            Style::new()
                .fg(Color::LightYellow)
                .add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }
    pub fn label(&self) -> Style {
        self.pick(
            Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }
    pub fn key(&self) -> Style {
        self.pick(
            Style::new()
                .fg(Color::Black)
                .bg(Color::LightYellow)
                .add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
        )
    }
    pub fn input(&self) -> Style {
        self.pick(
            Style::new().fg(Color::White).add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
        )
    }
    pub fn selected(&self) -> Style {
        self.pick(
            Style::new().fg(Color::Black).bg(Color::White),
            Style::new().add_modifier(Modifier::REVERSED),
        )
    }
    pub fn dim(&self) -> Style {
        self.pick(Style::new().fg(Color::Gray), Style::new())
    }
    /// A QR code: dark on light in every theme, or no camera reads it.
    pub fn code(&self) -> Style {
        Style::new().fg(Color::Black).bg(Color::White)
    }
    pub fn warning(&self) -> Style {
        self.pick(
            Style::new()
                .fg(Color::Black)
                .bg(Color::LightYellow)
                .add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The 16 colours as xterm draws them and as the Linux console (VGA)
    /// does: a kiosk may run on either.
    type Palette = [(u8, u8, u8); 16];

    const PALETTES: [(&str, Palette); 2] = [
        (
            "xterm",
            [
                (0, 0, 0),
                (205, 0, 0),
                (0, 205, 0),
                (205, 205, 0),
                (0, 0, 238),
                (205, 0, 205),
                (0, 205, 205),
                (229, 229, 229),
                (127, 127, 127),
                (255, 0, 0),
                (0, 255, 0),
                (255, 255, 0),
                (92, 92, 255),
                (255, 0, 255),
                (0, 255, 255),
                (255, 255, 255),
            ],
        ),
        (
            "linux console",
            [
                (0, 0, 0),
                (170, 0, 0),
                (0, 170, 0),
                (170, 85, 0),
                (0, 0, 170),
                (170, 0, 170),
                (0, 170, 170),
                (170, 170, 170),
                (85, 85, 85),
                (255, 85, 85),
                (85, 255, 85),
                (255, 255, 85),
                (85, 85, 255),
                (255, 85, 255),
                (85, 255, 255),
                (255, 255, 255),
            ],
        ),
    ];

    fn rgb(palette: &Palette, color: Color) -> (u8, u8, u8) {
        let index = match color {
            Color::Black => 0,
            Color::Red => 1,
            Color::Green => 2,
            Color::Yellow => 3,
            Color::Blue => 4,
            Color::Magenta => 5,
            Color::Cyan => 6,
            Color::Gray => 7,
            Color::DarkGray => 8,
            Color::LightRed => 9,
            Color::LightGreen => 10,
            Color::LightYellow => 11,
            Color::LightBlue => 12,
            Color::LightMagenta => 13,
            Color::LightCyan => 14,
            Color::White => 15,
            Color::Rgb(r, g, b) => return (r, g, b),
            other => panic!("{other:?} has no fixed colour to check"),
        };
        palette[index]
    }

    /// WCAG 2 relative luminance.
    fn luminance((r, g, b): (u8, u8, u8)) -> f64 {
        let channel = |c: u8| {
            let c = c as f64 / 255.0;
            match c <= 0.03928 {
                true => c / 12.92,
                false => ((c + 0.055) / 1.055).powf(2.4),
            }
        };
        0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    }

    fn contrast(a: (u8, u8, u8), b: (u8, u8, u8)) -> f64 {
        let (la, lb) = (luminance(a), luminance(b));
        (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
    }

    #[test]
    fn every_colour_pair_has_a_contrast_of_at_least_4_5() {
        let theme = Theme { color: true };
        let base = theme.base();
        let styles = [
            ("base", theme.base()),
            ("title", theme.title()),
            ("label", theme.label()),
            ("key", theme.key()),
            ("input", theme.input()),
            ("selected", theme.selected()),
            ("dim", theme.dim()),
            ("warning", theme.warning()),
        ];
        for (palette_name, palette) in &PALETTES {
            for (name, style) in styles {
                let fg = style.fg.or(base.fg).unwrap();
                let bg = style.bg.or(base.bg).unwrap();
                let ratio = contrast(rgb(palette, fg), rgb(palette, bg));
                assert!(
                    ratio >= 4.5,
                    "{name} ({fg:?} on {bg:?}) is {ratio:.2}:1 in the {palette_name} palette"
                );
            }
        }
        // The check itself: grey on white, yellow on black in the console.
        let console = &PALETTES[1].1;
        assert!(contrast(rgb(console, Color::Gray), rgb(console, Color::White)) < 4.5);
        assert!(contrast(rgb(console, Color::Yellow), rgb(console, Color::Black)) < 4.5);
    }

    #[test]
    fn without_colour_nothing_is_coloured() {
        let theme = Theme { color: false };
        for style in [
            theme.base(),
            theme.title(),
            theme.key(),
            theme.dim(),
            theme.warning(),
        ] {
            assert_eq!((style.fg, style.bg), (None, None));
        }
    }
}
