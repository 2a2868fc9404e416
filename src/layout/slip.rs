//! The clerk's take-away slip: the entry in full as plain text, in the
//! language asked — with the Korean name in English, the day its facts are
//! from, the office and a phone to contact — and the QR code of its page
//! with the address under it.

use super::{layout, plain_text, Detail};
use crate::corpus::Entry;
use crate::lang::Lang;
use crate::qr::{half_blocks, QUIET_ZONE};
use crate::strings::strings;

pub fn slip(entry: &Entry, lang: Lang) -> String {
    let s = strings(lang);
    let full = layout(entry, lang, Detail::Full);
    let mut text = plain_text(&full);
    // Curated entries name offices but no phone: the call centre that
    // answers about any public service.
    if !full.sections.iter().any(|section| section.label == s.phone) {
        text.push_str(&format!("{}: {}\n", s.phone, s.call_centre));
    }
    if let Some(link) = &full.link {
        text.push('\n');
        for line in half_blocks(link, QUIET_ZONE).unwrap_or_default() {
            text.push_str(line.trim_end());
            text.push('\n');
        }
        text.push_str(&format!("{}\n{link}\n", s.scan_code));
    }
    text
}
