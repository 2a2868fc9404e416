//! An entry's layout as styled lines, for the kiosk's answer and the
//! clerk's detail pane.

use ratatui::text::{Line, Span};

use crate::layout::{Body, Layout};
use crate::tui::theme::Theme;

pub fn lines(layout: &Layout, theme: &Theme) -> Vec<Line<'static>> {
    let mut lines = vec![
        Line::styled(layout.title.clone(), theme.title()),
        Line::raw(layout.summary.clone()),
    ];
    let mut after_list = true;
    for section in &layout.sections {
        if after_list && matches!(section.body, Body::Text(_)) {
            lines.push(Line::raw(""));
        }
        after_list = !matches!(section.body, Body::Text(_));
        match &section.body {
            Body::Text(value) => lines.push(Line::from(vec![
                Span::styled(format!("{}: ", section.label), theme.label()),
                Span::raw(value.clone()),
            ])),
            Body::Items(items) => {
                lines.push(Line::raw(""));
                lines.push(Line::styled(format!("{}:", section.label), theme.label()));
                lines.extend(items.iter().map(|item| Line::raw(format!("  • {item}"))));
            }
            Body::Steps(steps) => {
                lines.push(Line::raw(""));
                lines.push(Line::styled(section.label, theme.label()));
                lines.extend(
                    steps
                        .iter()
                        .enumerate()
                        .map(|(i, step)| Line::raw(format!("{}. {step}", i + 1))),
                );
            }
        }
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(layout.source.clone(), theme.dim()));
    lines
}
