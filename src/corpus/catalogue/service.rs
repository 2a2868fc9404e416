//! One catalogue record: every field the API gave, kept as given, checked
//! on the way in by [`Service::from_json`] (imports and the stored form alike).

use std::collections::BTreeMap;

use serde_json::Value;

use super::problem::{preview, Issue};
use super::values::is_web_address;
use super::values::{Date, ServiceId};

/// The most characters a text field may hold (the longest in the 2025-08-15
/// snapshot has 3,242); anything longer is taken for broken input.
pub const MAX_FIELD_CHARS: usize = 20_000;

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
    /// supportConditions as compact JSON with its codes in order: one string
    /// instead of ~50 small values keeps loading fast.
    conditions: Option<Box<str>>,
    extra: BTreeMap<String, Value>,
    /// SHA-256 of every field ([`Service::digest`]), computed once when the
    /// record is checked (or read back from the compact form, which keeps
    /// it); boxed, so that an entry stays near the size of a curated one.
    digest: Box<[u8; 32]>,
}

/// A record refused, with its id when that was well-formed (so a report
/// can name it) and everything wrong with it.
pub type Rejected = (Option<ServiceId>, Vec<Issue>);

/// A record's fields decoded from JSON but not yet checked.
#[derive(Debug, Default)]
pub(super) struct Parts {
    pub id: Option<ServiceId>,
    pub texts: [Option<String>; Field::ALL.len()],
    pub views: Option<u64>,
    /// A JSON object's text, compact, keys in order.
    pub conditions: Option<Box<str>>,
    pub extra: BTreeMap<String, Value>,
}

impl Parts {
    /// Runs every check on the decoded fields; `issues` are those the
    /// decoding found already (a missing id, wrong types).
    pub fn finish(self, mut issues: Vec<Issue>) -> Result<Service, Rejected> {
        for field in Field::ALL {
            if let Some(text) = &self.texts[field as usize] {
                check_text(field, text, &mut issues);
            }
        }
        if self.texts[Field::Name as usize]
            .as_deref()
            .is_none_or(|n| n.trim().is_empty())
        {
            issues.push(Issue::EmptyName);
        }
        if let Some(codes) = &self.conditions {
            too_long(CONDITIONS_KEY, codes.chars().count(), &mut issues);
        }
        for (key, value) in &self.extra {
            too_long(key, json_chars(value), &mut issues);
        }
        match self.id {
            Some(id) if issues.is_empty() => {
                let mut service = Service {
                    id,
                    texts: self.texts,
                    views: self.views,
                    conditions: self.conditions,
                    extra: self.extra,
                    digest: Box::new([0; 32]),
                };
                *service.digest = service.compute_digest();
                Ok(service)
            }
            id => Err((id, issues)),
        }
    }

    /// A service checked before, read back with its `digest` from
    /// [`super::compact`], which only holds services that passed
    /// [`Parts::finish`]; `None` without an id.
    pub fn checked_before(self, digest: [u8; 32]) -> Option<Service> {
        Some(Service {
            id: self.id?,
            texts: self.texts,
            views: self.views,
            conditions: self.conditions,
            extra: self.extra,
            digest: Box::new(digest),
        })
    }
}

/// The id from its text: missing and malformed ids are issues.
pub(super) fn parse_id(id: Option<&str>, issues: &mut Vec<Issue>) -> Option<ServiceId> {
    match id {
        None => {
            issues.push(Issue::MissingId);
            None
        }
        Some(id) => ServiceId::parse(id).or_else(|| {
            issues.push(Issue::BadId(preview(id)));
            None
        }),
    }
}

impl Service {
    /// Checks one record of any shape and keeps it whole: every issue is
    /// collected, wrong types included. A missing known field counts as null.
    pub fn from_json(record: Value) -> Result<Service, Rejected> {
        let Value::Object(mut map) = record else {
            return Err((None, vec![Issue::NotAnObject]));
        };
        let mut issues = Vec::new();
        let id = match map.remove(ID_KEY) {
            Some(Value::String(id)) => parse_id(Some(&id), &mut issues),
            None | Some(Value::Null) => parse_id(None, &mut issues),
            Some(other) => {
                issues.push(wrong_type(ID_KEY, "a string", &other));
                None
            }
        };
        let texts = Field::ALL.map(|field| match map.remove(field.key()) {
            None | Some(Value::Null) => None,
            Some(Value::String(text)) => Some(text),
            Some(other) => {
                issues.push(wrong_type(field.key(), "a string or null", &other));
                None
            }
        });
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
                let codes: BTreeMap<String, Value> = codes.into_iter().collect();
                Some(Value::from_iter(codes).to_string().into_boxed_str())
            }
            Some(other) => {
                issues.push(wrong_type(CONDITIONS_KEY, "an object or null", &other));
                None
            }
        };
        let parts = Parts {
            id,
            texts,
            views,
            conditions,
            extra: map.into_iter().collect(),
        };
        parts.finish(issues)
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

    /// supportConditions: eligibility flags by code (`JA0101` …), parsed
    /// on each call.
    pub fn conditions(&self) -> Option<BTreeMap<String, Value>> {
        self.conditions
            .as_deref()
            .and_then(|c| serde_json::from_str(c).ok())
    }

    /// supportConditions as stored: compact JSON, codes in order.
    pub(super) fn conditions_text(&self) -> Option<&str> {
        self.conditions.as_deref()
    }

    /// The ages the service is for (supportConditions `JA0110` to
    /// `JA0111`), when both are given: read from the compact form without
    /// parsing the rest (relating services asks this of every one).
    pub fn ages(&self) -> Option<(u64, u64)> {
        let codes = self.conditions.as_deref()?;
        let age = |code: &str| -> Option<u64> {
            let key = format!("\"{code}\":");
            let at = codes.find(&key)? + key.len();
            let digits = codes[at..].bytes().take_while(u8::is_ascii_digit).count();
            codes[at..at + digits].parse().ok()
        };
        Some((age("JA0110")?, age("JA0111")?))
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
        fields.push((CONDITIONS_KEY, FieldValue::Json(self.conditions.as_deref())));
        fields.extend(
            self.extra
                .iter()
                .map(|(k, v)| (k.as_str(), FieldValue::Other(v))),
        );
        fields
    }

    /// SHA-256 (hex) of every field, in stored order: what an index built
    /// from this service must match. Computed once, when the record is checked.
    pub fn digest(&self) -> String {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut hex = String::with_capacity(64);
        for byte in *self.digest {
            hex.push(char::from(HEX[usize::from(byte >> 4)]));
            hex.push(char::from(HEX[usize::from(byte & 0xf)]));
        }
        hex
    }

    /// [`Service::digest`] as bytes, as the compact form stores it.
    pub(super) fn digest_bytes(&self) -> [u8; 32] {
        *self.digest
    }

    /// SHA-256 of every field, in stored order (no JSON is written).
    pub(super) fn compute_digest(&self) -> [u8; 32] {
        use sha2::{Digest, Sha256};
        let mut hasher = Sha256::new();
        for (key, value) in self.fields() {
            hasher.update(key.as_bytes());
            match value {
                FieldValue::Text(text) | FieldValue::Json(text) => {
                    hasher.update([u8::from(text.is_some())]);
                    hasher.update(text.unwrap_or_default().as_bytes());
                }
                FieldValue::Views(views) => hasher.update(format!("{views:?}").as_bytes()),
                FieldValue::Other(value) => hasher.update(value.to_string().as_bytes()),
            }
            hasher.update([0]);
        }
        hasher.finalize().into()
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
#[derive(Debug, Clone, PartialEq)]
pub enum FieldValue<'a> {
    Text(Option<&'a str>),
    Views(Option<u64>),
    /// JSON text, written as it is.
    Json(Option<&'a str>),
    Other(&'a Value),
}

impl FieldValue<'_> {
    /// The value as compact JSON.
    pub fn to_json(&self) -> String {
        // Serialising strings and numbers cannot fail.
        match self {
            FieldValue::Text(text) => serde_json::to_string(text).unwrap_or_default(),
            FieldValue::Views(views) => serde_json::to_string(views).unwrap_or_default(),
            FieldValue::Json(json) => json.unwrap_or("null").to_string(),
            FieldValue::Other(value) => value.to_string(),
        }
    }
}

/// A text field's size and, for URLs and timestamps, its form.
fn check_text(field: Field, text: &str, issues: &mut Vec<Issue>) {
    let chars = text.chars().count();
    if chars > MAX_FIELD_CHARS {
        issues.push(Issue::TooLong {
            key: field.key().to_string(),
            chars,
        });
        return;
    }
    let value = || preview(text);
    match field.kind() {
        Kind::Text => {}
        Kind::Url if text.is_empty() || is_web_address(text) => {}
        Kind::Url => issues.push(Issue::BadUrl {
            key: field.key(),
            value: value(),
        }),
        Kind::Timestamp if Date::from_timestamp(text).is_some() => {}
        Kind::Timestamp => issues.push(Issue::BadDate {
            key: field.key(),
            value: value(),
        }),
    }
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
        Value::Object(map) => map
            .iter()
            .map(|(k, v)| k.chars().count() + json_chars(v))
            .sum(),
        _ => 1,
    }
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

#[cfg(test)]
#[path = "service_tests.rs"]
mod tests;
