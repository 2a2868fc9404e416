//! Raw administrative text to clean bullets: lines split (also where
//! markers run together on one line), markers (`○ ● - ㆍ ※ * 1) 가.` …)
//! stripped, nesting read from markers and indentation and flattened,
//! whitespace collapsed, sanitised and NFC.

use crate::sanitize::for_display;

/// Nesting deeper than this is folded into the deepest level.
const MAX_DEPTH: usize = 4;
/// A heading and its children become one bullet when all fit in this.
const MERGED_MAX_CHARS: usize = 120;
/// …and each child is at most this long.
const MERGED_CHILD_MAX_CHARS: usize = 40;

/// How a line is marked; lines with the same mark are siblings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    /// A symbol, with look-alikes folded together (○ ㅇ ❍ o; · ㆍ •; - –).
    Symbol(char),
    /// A numbering: its kind (`1`, `가`, `①`) and style (`.`, `)`, `(`).
    Number(char, char),
    /// No marker.
    Plain,
}

/// The bullets of a text: a heading with a few short children becomes one
/// bullet (`heading: child; child`), otherwise each becomes its own.
pub fn bullets(raw: &str) -> Vec<String> {
    let mut stack: Vec<(Mark, usize)> = Vec::new();
    let mut items: Vec<Item> = Vec::new();
    let mut after_blank = false;
    for line in raw.replace("\r\n", "\n").split(['\n', '\r']) {
        let shown = for_display(line);
        let indent = shown.chars().take_while(|c| c.is_whitespace()).count();
        let line = collapse(&shown);
        if line.is_empty() {
            after_blank = true;
            continue;
        }
        for (i, piece) in split_run_together(&line).into_iter().enumerate() {
            let (mark, text) = split_mark(piece);
            let text = clean(text);
            if !text.chars().any(char::is_alphanumeric) {
                continue;
            }
            // A piece split off a line sits one column deeper than its line.
            let level = level_of(&mut stack, mark, indent + usize::from(i > 0), after_blank);
            let note = is_note(mark);
            items.push(Item { level, text, note });
            after_blank = false;
        }
    }
    let mut pos = 0;
    tree(&items, &mut pos, 0)
        .into_iter()
        .flat_map(flatten)
        .map(|(bullet, _)| bullet)
        .collect()
}

/// One line of a `||` list (신청방법, 전화문의, 법령): sanitised, collapsed,
/// markers stripped.
pub fn clean_item(raw: &str) -> String {
    clean(split_mark(&collapse(&for_display(raw))).1)
}

/// Single spaces for any run of whitespace, trimmed; invisible characters
/// (zero-width, byte-order mark, soft hyphen) dropped.
fn collapse(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        let word = word.replace(
            [
                '\u{200b}', '\u{200c}', '\u{200d}', '\u{2060}', '\u{feff}', '\u{ad}',
            ],
            "",
        );
        if !word.is_empty() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(&word);
        }
    }
    out
}

/// Where a line holds several items (`○ 정기신청 : 5.1.~5.31.○ 반기신청`,
/// `선착순 지원○ IP담보대출연계`), the pieces: split before a heading
/// symbol after a space or full stop, or before one followed by a space.
fn split_run_together(line: &str) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut previous: Option<char> = None;
    for (i, c) in line.char_indices() {
        let spaced = line[i + c.len_utf8()..].starts_with(' ');
        let heading = matches!(c, '○' | '●' | '◎' | '❍' | '□' | '■' | '◆' | '▶' | '※')
            && (matches!(previous, Some(' ' | '.')) || spaced);
        if i > start && heading {
            pieces.push(line[start..i].trim());
            start = i;
        }
        previous = Some(c);
    }
    pieces.push(line[start..].trim());
    pieces
}

/// The line's marker and the text after it.
fn split_mark(line: &str) -> (Mark, &str) {
    let mut chars = line.chars();
    let Some(first) = chars.next() else {
        return (Mark::Plain, line);
    };
    let rest = chars.as_str();
    let spaced = rest.starts_with(' ');
    let symbol = match first {
        '○' | '◯' | '〇' | '❍' | '⊙' | '◉' => Some('○'),
        'ㅇ' | 'o' | 'O' if spaced => Some('○'),
        'ㅁ' if spaced => Some('□'),
        '·' | 'ㆍ' | '‧' | '․' | '∙' | '•' | '⦁' | '〮' | '◦' | '‣' | '▪' | '▫' => {
            Some('·')
        }
        '-' | '–' | '—' => Some('-'),
        '*' | '＊' => Some('*'),
        '?' if spaced => Some('?'),
        '●' | '◎' | '□' | '■' | '◆' | '◇' | '▶' | '▷' | '►' | '▸' | '☞' | '★' | '☆' | '※' | '→'
        | '⇒' | '✓' | '✔' | '❖' | '◈' | '▣' | '♦' | '➢' | '➤' => Some(first),
        _ => None,
    };
    if let Some(symbol) = symbol {
        return (Mark::Symbol(symbol), rest.trim_start());
    }
    match numbering(line) {
        Some((kind, style, rest)) => (Mark::Number(kind, style), rest.trim_start()),
        None => (Mark::Plain, line),
    }
}

/// `1.` `1)` `(1)` `①` `가.` `가)` `(가)` at the start, with its kind and
/// style. A number runs to two digits and is not followed by a digit, so
/// `2025. 3.` and `1.5배` are text.
fn numbering(line: &str) -> Option<(char, char, &str)> {
    const HANGUL: &str = "가나다라마바사아자차카타파하";
    let first = line.chars().next()?;
    if is_circled(first) {
        let rest = &line[first.len_utf8()..];
        // `①번과 ②번 중 택 1`, `②~④은 …` refer to items rather than being one.
        let reference = rest.starts_with(['번', '~', '-', ',', '·']);
        return (!reference).then_some(('①', '①', rest));
    }
    let (enclosed, body) = match line.strip_prefix('(') {
        Some(body) => (true, body),
        None => (false, line),
    };
    let digits = body.bytes().take_while(u8::is_ascii_digit).count();
    let (kind, after) = match body.chars().next()? {
        _ if (1..=2).contains(&digits) => ('1', &body[digits..]),
        c if HANGUL.contains(c) => ('가', &body[c.len_utf8()..]),
        _ => return None,
    };
    let close = after.chars().next()?;
    let rest = &after[close.len_utf8()..];
    let style = match (enclosed, close) {
        (true, ')') => '(',
        (false, ')') => ')',
        (false, '.') => '.',
        _ => return None,
    };
    let ends_well = rest.is_empty()
        || rest.starts_with(' ')
        || (kind == '1' && !rest.starts_with(|c: char| c.is_ascii_digit() || c == '.'));
    ends_well.then_some((kind, style, rest))
}

/// A circled or otherwise enclosed number or letter used as a marker:
/// `①` `❶` `➀` `➊` `⓵` `ⓐ` (all one kind, as writers mix them).
fn is_circled(c: char) -> bool {
    ('①'..='⑳').contains(&c)
        || ('❶'..='➓').contains(&c)
        || ('⓵'..='⓾').contains(&c)
        || ('ⓐ'..='ⓩ').contains(&c)
}

/// Text with any further markers and stray leading punctuation removed (a
/// `※` inside it too), a
/// leading `<label>` as `label:`, and labels tidied: `지원대상 : …` and
/// `금   리 :…` become `지원대상: …` and `금리: …`.
fn clean(text: &str) -> String {
    let mut text = text.trim();
    loop {
        let (mark, rest) = split_mark(text);
        let rest = rest.trim_start_matches([':', ')', ']', '.', ',', ' ']);
        if mark == Mark::Plain && rest.len() == text.len() {
            break;
        }
        text = rest;
    }
    let text = match bracketed_label(text) {
        Some((label, "")) => label.to_string(),
        Some((label, rest)) => format!("{label}: {rest}"),
        None => text.to_string(),
    };
    // A note mark left inside the text (`(※예산 상황에 따라 변경 가능)`)
    // says nothing a reader needs.
    tidy_label(&text.replace("(※ ", "(").replace('※', ""))
}

/// `<신청 제외> 위 요건…` or `[신청방법] …` as (label, rest).
fn bracketed_label(text: &str) -> Option<(&str, &str)> {
    let close = match text.chars().next()? {
        '<' => '>',
        '[' => ']',
        '【' => '】',
        '〈' => '〉',
        _ => return None,
    };
    let open_len = text.chars().next()?.len_utf8();
    let end = text.find(close)?;
    let label = text[open_len..end].trim();
    let rest = text[end + close.len_utf8()..].trim_start_matches([':', ' ']);
    (!label.is_empty()).then_some((label, rest))
}

/// A colon gets no space before it and one after it (before Hangul), and a
/// label spaced out for alignment (`교 육 명`) is closed up.
fn tidy_label(text: &str) -> String {
    let text = text.replace(" :", ":");
    let Some(colon) = text.find(':') else {
        return text;
    };
    let (label, rest) = (&text[..colon], &text[colon + 1..]);
    let syllables: Vec<&str> = label.split(' ').collect();
    let spaced_out = syllables.len() > 1 && syllables.iter().all(|s| s.chars().count() == 1);
    let label = if spaced_out {
        syllables.concat()
    } else {
        label.to_string()
    };
    let space = if rest.starts_with(|c: char| ('가'..='힣').contains(&c)) {
        " "
    } else {
        ""
    };
    format!("{label}:{space}{rest}")
}

/// The nesting level of an item, from the markers seen so far: a marker
/// already on the stack is a sibling there; a new one nests under the
/// previous item unless it is less indented or starts afresh after a blank
/// line. Plain lines are siblings only at the same indentation.
fn level_of(stack: &mut Vec<(Mark, usize)>, mark: Mark, indent: usize, after_blank: bool) -> usize {
    if is_note(mark) {
        // Notes remark on what is above and head nothing: a note level with
        // the previous item is its sibling, and leaves the stack alone.
        while stack.last().is_some_and(|&(_, i)| i > indent) {
            stack.pop();
        }
        let level_with = stack.last().is_some_and(|&(_, i)| i == indent);
        return (stack.len() - usize::from(level_with)).min(MAX_DEPTH - 1);
    }
    let same = |&(m, i): &(Mark, usize)| m == mark && (mark != Mark::Plain || i == indent);
    if let Some(pos) = stack.iter().position(same) {
        stack.truncate(pos);
    } else if after_blank && indent == 0 {
        stack.clear();
    } else {
        while stack.last().is_some_and(|&(_, i)| i > indent) {
            stack.pop();
        }
        stack.truncate(MAX_DEPTH - 1);
    }
    stack.push((mark, indent));
    stack.len() - 1
}

/// `※` and `*` mark notes: remarks on the item above, never headings.
fn is_note(mark: Mark) -> bool {
    matches!(mark, Mark::Symbol('※' | '*'))
}

struct Item {
    level: usize,
    text: String,
    note: bool,
}

struct Node {
    text: String,
    note: bool,
    children: Vec<Node>,
}

/// Items with their levels as a tree: an item deeper than the one before
/// is its child.
fn tree(items: &[Item], pos: &mut usize, min_level: usize) -> Vec<Node> {
    let mut nodes = Vec::new();
    while let Some(item) = items.get(*pos) {
        if item.level < min_level {
            break;
        }
        *pos += 1;
        let children = tree(items, pos, item.level + 1);
        nodes.push(Node {
            text: item.text.clone(),
            note: item.note,
            children,
        });
    }
    nodes
}

/// A node and its children as bullets, each marked whether it is a note:
/// notes never merge into a heading but follow its other bullets.
fn flatten(node: Node) -> Vec<(String, bool)> {
    let (mut items, mut notes) = (Vec::new(), Vec::new());
    for (text, note) in node.children.into_iter().flat_map(flatten) {
        if note {
            notes.push(text)
        } else {
            items.push(text)
        }
    }
    let mut bullets: Vec<(String, bool)> = merge(node.text, items)
        .into_iter()
        .map(|b| (b, node.note))
        .collect();
    bullets.extend(notes.into_iter().map(|n| (n, true)));
    bullets
}

/// `heading: item; item` when the items are few and short, else each apart.
fn merge(heading: String, items: Vec<String>) -> Vec<String> {
    if items.is_empty() {
        return vec![heading];
    }
    let head = heading.trim_end_matches([':', '.', ' ']);
    // `(근로장려금)` heading its items reads as `근로장려금: …`.
    let head = match head.strip_prefix('(').and_then(|h| h.strip_suffix(')')) {
        Some(inner) if !inner.contains(['(', ')']) && split_mark(inner).0 == Mark::Plain => inner,
        _ => head,
    };
    let merged = format!("{head}: {}", items.join("; "));
    let short = items
        .iter()
        .all(|c| c.chars().count() <= MERGED_CHILD_MAX_CHARS);
    if short && merged.chars().count() <= MERGED_MAX_CHARS {
        vec![merged]
    } else {
        std::iter::once(heading).chain(items).collect()
    }
}

#[cfg(test)]
#[path = "bullets_tests.rs"]
mod tests;
