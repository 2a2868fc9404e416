//! The clerk's take-away slip: plain text a citizen can carry to the office.

use crate::corpus::ServiceEntry;

pub fn slip_text(entry: &ServiceEntry) -> String {
    let mut text = format!(
        "{}\n{}\n\n{}\n\n",
        entry.title, entry.title_ko, entry.summary
    );
    text.push_str("What to bring:\n");
    for item in &entry.bring {
        text.push_str(&format!("  - {item}\n"));
    }
    text.push_str("\nWhere:\n");
    for place in &entry.where_ {
        text.push_str(&format!("  - {place}\n"));
    }
    text.push_str(&format!("\nFee: {}\n", entry.fee));
    if let Some(deadline) = &entry.deadline {
        text.push_str(&format!("Deadline: {deadline}\n"));
    }
    text.push_str("\nWhat to do:\n");
    for (i, step) in entry.steps.iter().enumerate() {
        text.push_str(&format!("  {}. {step}\n", i + 1));
    }
    text.push_str(&format!(
        "\nSource: {} ({})\n",
        entry.source.agency, entry.source.url
    ));
    super::sanitize::for_display_lines(&text)
}
