//! One catalogue record: every field the API gave, kept as given, checked
//! on the way in by [`Service::from_json`] (imports and the stored form alike).

use std::collections::BTreeMap;
use std::fmt;

use serde_json::{Map, Value};

use super::problem::{preview, Issue};

/// The most characters a text field may hold (the longest in the 2025-08-15
/// snapshot has 3,242); anything longer is taken for broken input.
pub const MAX_FIELD_CHARS: usize = 20_000;

/// A service's stable id, e.g. `000000465790` or `B55353000220`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ServiceId(String);

impl ServiceId {
    /// Twelve characters: up to three capital letters, then digits (the
    /// 2025-08-15 snapshot holds `999999999999`, `A99999999999`,
    /// `AA9999999999` and `AAA999999999`).
    pub fn parse(id: &str) -> Option<ServiceId> {
        let letters = id.bytes().take_while(u8::is_ascii_uppercase).count();
        let well_formed =
            id.len() == 12 && letters <= 3 && id.bytes().skip(letters).all(|b| b.is_ascii_digit());
        well_formed.then(|| ServiceId(id.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ServiceId {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The API's text fields (string or null), in the order they are stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    Name,
    Summary,
    Purpose,
    Who,
    Criteria,
    Benefit,
    HowToApply,
    Deadline,
    Documents,
    Office,
    Phone,
    Agency,
    Department,
    UserType,
    Category,
    DetailUrl,
    OnlineUrl,
    Law,
    Created,
    Updated,
}

/// What a text field's value must look like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Text,
    Url,
    Timestamp,
}

impl Field {
    pub const ALL: [Field; 20] = [
        Field::Name,
        Field::Summary,
        Field::Purpose,
        Field::Who,
        Field::Criteria,
        Field::Benefit,
        Field::HowToApply,
        Field::Deadline,
        Field::Documents,
        Field::Office,
        Field::Phone,
        Field::Agency,
        Field::Department,
        Field::UserType,
        Field::Category,
        Field::DetailUrl,
        Field::OnlineUrl,
        Field::Law,
        Field::Created,
        Field::Updated,
    ];

    /// The API's own (Korean) name of the field.
    pub fn key(self) -> &'static str {
        match self {
            Field::Name => "서비스명",
            Field::Summary => "서비스목적요약",
            Field::Purpose => "서비스목적",
            Field::Who => "지원대상",
            Field::Criteria => "선정기준",
            Field::Benefit => "지원내용",
            Field::HowToApply => "신청방법",
            Field::Deadline => "신청기한",
            Field::Documents => "구비서류",
            Field::Office => "접수기관명",
            Field::Phone => "전화문의",
            Field::Agency => "소관기관명",
            Field::Department => "부서명",
            Field::UserType => "사용자구분",
            Field::Category => "서비스분야",
            Field::DetailUrl => "상세조회URL",
            Field::OnlineUrl => "온라인신청사이트URL",
            Field::Law => "법령",
            Field::Created => "등록일시",
            Field::Updated => "수정일시",
        }
    }

    fn kind(self) -> Kind {
        match self {
            Field::DetailUrl | Field::OnlineUrl => Kind::Url,
            Field::Created | Field::Updated => Kind::Timestamp,
            _ => Kind::Text,
        }
    }
}

pub const ID_KEY: &str = "서비스ID";
pub const VIEWS_KEY: &str = "조회수";
pub const CONDITIONS_KEY: &str = "supportConditions";

/// A public service as the catalogue API gave it. Known fields are typed;
/// anything else (the live API's 소관기관유형, 지원유형, …) is kept in `extra`.
#[derive(Debug, Clone, PartialEq)]
pub struct Service {
    id: ServiceId,
    texts: [Option<String>; Field::ALL.len()],
    views: Option<u64>,
    conditions: Option<BTreeMap<String, Value>>,
    extra: BTreeMap<String, Value>,
}

impl Service {
    /// Checks one record and keeps it whole. A missing known field counts
    /// as null. All issues are collected; the id comes back when it was
    /// well-formed, so a report can name the record.
    pub fn from_json(record: Value) -> Result<Service, (Option<ServiceId>, Vec<Issue>)> {
        let Value::Object(mut map) = record else {
            return Err((None, vec![Issue::NotAnObject]));
        };
        let mut issues = Vec::new();
        let id = match map.remove(ID_KEY) {
            Some(Value::String(id)) => ServiceId::parse(&id).or_else(|| {
                issues.push(Issue::BadId(preview(&id)));
                None
            }),
            None | Some(Value::Null) => {
                issues.push(Issue::MissingId);
                None
            }
            Some(other) => {
                issues.push(wrong_type(ID_KEY, "a string", &other));
                None
            }
        };
        let texts = Field::ALL.map(|field| text_field(field, map.remove(field.key()), &mut issues));
        if texts[Field::Name as usize]
            .as_deref()
            .is_none_or(|n| n.trim().is_empty())
        {
            issues.push(Issue::EmptyName);
        }
        let views = match map.remove(VIEWS_KEY) {
            None | Some(Value::Null) => None,
            Some(Value::Number(n)) if n.is_u64() => n.as_u64(),
            Some(other) => {
                issues.push(wrong_type(VIEWS_KEY, "a whole number or null", &other));
                None
            }
        };
        let conditions = match map.remove(CONDITIONS_KEY) {
            None | Some(Value::Null) => None,
            Some(Value::Object(codes)) => {
                too_long(CONDITIONS_KEY, object_chars(&codes), &mut issues);
                Some(codes.into_iter().collect())
            }
            Some(other) => {
                issues.push(wrong_type(CONDITIONS_KEY, "an object or null", &other));
                None
            }
        };
        for (key, value) in &map {
            too_long(key, json_chars(value), &mut issues);
        }
        match id {
            Some(id) if issues.is_empty() => Ok(Service {
                id,
                texts,
                views,
                conditions,
                extra: map.into_iter().collect(),
            }),
            id => Err((id, issues)),
        }
    }

    pub fn id(&self) -> &ServiceId {
        &self.id
    }

    /// 서비스명, never empty.
    pub fn name(&self) -> &str {
        self.text(Field::Name).unwrap_or_default()
    }

    /// A text field, `None` when the API gave null.
    pub fn text(&self, field: Field) -> Option<&str> {
        self.texts[field as usize].as_deref()
    }

    /// 조회수: how often the service was looked at on gov.kr.
    pub fn views(&self) -> Option<u64> {
        self.views
    }

    /// supportConditions: eligibility flags by code (`JA0101` …).
    pub fn conditions(&self) -> Option<&BTreeMap<String, Value>> {
        self.conditions.as_ref()
    }

    /// Fields the importer does not know, by their API name.
    pub fn extra(&self) -> &BTreeMap<String, Value> {
        &self.extra
    }

    /// The day 수정일시 says the record last changed.
    pub fn updated(&self) -> Option<Date> {
        self.text(Field::Updated).and_then(Date::from_timestamp)
    }

    /// Every field as (API name, value), in the stored order: the
    /// snapshot's order, then unknown fields by name.
    pub fn fields(&self) -> Vec<(&str, FieldValue<'_>)> {
        let text = |field: Field| (field.key(), FieldValue::Text(self.text(field)));
        let mut fields = vec![(ID_KEY, FieldValue::Text(Some(self.id.as_str())))];
        fields.extend(Field::ALL[..=Field::Law as usize].iter().map(|&f| text(f)));
        fields.push((VIEWS_KEY, FieldValue::Views(self.views)));
        fields.extend([text(Field::Created), text(Field::Updated)]);
        fields.push((
            CONDITIONS_KEY,
            FieldValue::Conditions(self.conditions.as_ref()),
        ));
        fields.extend(
            self.extra
                .iter()
                .map(|(k, v)| (k.as_str(), FieldValue::Other(v))),
        );
        fields
    }

    /// The API names of the fields whose values differ, in stored order.
    pub fn changed_fields(&self, other: &Service) -> Vec<String> {
        let mut theirs: BTreeMap<&str, FieldValue> = other.fields().into_iter().collect();
        let mut changed = Vec::new();
        for (key, value) in self.fields() {
            if theirs.remove(key).as_ref() != Some(&value) {
                changed.push(key.to_string());
            }
        }
        changed.extend(theirs.into_keys().map(str::to_string));
        changed
    }
}

/// A field's value as stored, borrowed from the [`Service`].
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(untagged)]
pub enum FieldValue<'a> {
    Text(Option<&'a str>),
    Views(Option<u64>),
    Conditions(Option<&'a BTreeMap<String, Value>>),
    Other(&'a Value),
}

fn text_field(field: Field, value: Option<Value>, issues: &mut Vec<Issue>) -> Option<String> {
    let text = match value {
        None | Some(Value::Null) => return None,
        Some(Value::String(text)) => text,
        Some(other) => {
            issues.push(wrong_type(field.key(), "a string or null", &other));
            return None;
        }
    };
    let chars = text.chars().count();
    if chars > MAX_FIELD_CHARS {
        issues.push(Issue::TooLong {
            key: field.key().to_string(),
            chars,
        });
        return None;
    }
    let fine = match field.kind() {
        Kind::Text => true,
        Kind::Url => text.is_empty() || is_web_address(&text),
        Kind::Timestamp => Date::from_timestamp(&text).is_some(),
    };
    if !fine {
        let value = preview(&text);
        issues.push(match field.kind() {
            Kind::Timestamp => Issue::BadDate {
                key: field.key(),
                value,
            },
            _ => Issue::BadUrl {
                key: field.key(),
                value,
            },
        });
    }
    Some(text)
}

/// Unknown fields and supportConditions may hold anything but not too much.
fn too_long(key: &str, chars: usize, issues: &mut Vec<Issue>) {
    if chars > MAX_FIELD_CHARS {
        issues.push(Issue::TooLong {
            key: preview(key),
            chars,
        });
    }
}

/// Characters of text in a JSON value (strings and keys), without writing it out.
fn json_chars(value: &Value) -> usize {
    match value {
        Value::String(s) => s.chars().count(),
        Value::Array(items) => items.iter().map(json_chars).sum(),
        Value::Object(map) => object_chars(map),
        _ => 1,
    }
}

fn object_chars(map: &Map<String, Value>) -> usize {
    map.iter()
        .map(|(k, v)| k.chars().count() + json_chars(v))
        .sum()
}

fn wrong_type(key: &str, expected: &'static str, found: &Value) -> Issue {
    let found = match found {
        Value::Null => "null",
        Value::Bool(_) => "true or false",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    };
    Issue::WrongType {
        key: preview(key),
        expected,
        found,
    }
}

/// `http(s)://host/…`, or a bare `host/…` as 398 records of the 2025-08-15
/// snapshot give it (`www.bokjiro.go.kr`); the host is a dotted name
/// (Hangul allowed: `부산기쁨카드.kr`) or an IP address, with an optional port.
pub fn is_web_address(url: &str) -> bool {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .unwrap_or(url);
    let host = &rest[..rest.find(['/', '?', '#']).unwrap_or(rest.len())];
    let host = match host.rsplit_once(':') {
        Some((name, port)) if !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) => name,
        _ => host,
    };
    !url.chars().any(|c| c.is_whitespace() || c.is_control())
        && host.contains('.')
        && !host.starts_with(['.', '-'])
        && !host.ends_with('.')
        && host
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '.')
}

/// A calendar day, shown as `2025-08-05`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// The day of a `YYYYMMDDhhmmss` timestamp, when the whole of it is valid.
    pub fn from_timestamp(stamp: &str) -> Option<Date> {
        if stamp.len() != 14 || !stamp.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let num = |range: std::ops::Range<usize>| stamp[range].parse::<u16>().ok();
        let (year, month, day) = (num(0..4)?, num(4..6)?, num(6..8)?);
        let (hour, minute, second) = (num(8..10)?, num(10..12)?, num(12..14)?);
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        let valid = (1..=days).contains(&day) && hour < 24 && minute < 60 && second < 60;
        valid.then_some(Date {
            year,
            month: month as u8,
            day: day as u8,
        })
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[cfg(test)]
#[path = "service_tests.rs"]
mod tests;
