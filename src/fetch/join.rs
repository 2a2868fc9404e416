//! The three endpoints' rows joined on 서비스ID into the records the
//! snapshot holds: a serviceList row, with serviceDetail's fields over it
//! (where they are not null) and supportConditions' JA codes as the nested
//! object `supportConditions` (null when the service has none).

use std::collections::HashMap;

use serde_json::{Map, Value};

use crate::corpus::catalogue::service::{CONDITIONS_KEY, ID_KEY};

/// Rows of serviceDetail or supportConditions by 서비스ID.
pub type Index = HashMap<String, Map<String, Value>>;

/// Adds rows to an index: the first row of each id counts; rows that are
/// not objects or have no 서비스ID cannot be joined and are left out.
pub fn index(index: &mut Index, rows: Vec<Value>) {
    for row in rows {
        if let Value::Object(row) = row {
            if let Some(id) = row.get(ID_KEY).and_then(Value::as_str) {
                index.entry(id.to_string()).or_insert(row);
            }
        }
    }
}

/// How the join went.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Joined {
    pub services: usize,
    pub without_detail: usize,
    pub without_conditions: usize,
}

/// One serviceList row as a whole record, taking its detail and conditions
/// out of the indexes. A row that is not an object is returned as it is
/// (the import reports it).
pub fn record(
    row: Value,
    details: &mut Index,
    conditions: &mut Index,
    joined: &mut Joined,
) -> Value {
    let Value::Object(mut record) = row else {
        return row;
    };
    joined.services += 1;
    let id = record
        .get(ID_KEY)
        .and_then(Value::as_str)
        .map(str::to_string);
    match id.as_ref().and_then(|id| details.remove(id)) {
        Some(detail) => {
            for (key, value) in detail {
                if !value.is_null() || !record.contains_key(&key) {
                    record.insert(key, value);
                }
            }
        }
        None => joined.without_detail += 1,
    }
    let codes = id.and_then(|id| conditions.remove(&id)).map(|row| {
        row.into_iter()
            .filter(|(key, _)| is_code(key))
            .collect::<Map<String, Value>>()
    });
    if codes.is_none() {
        joined.without_conditions += 1;
    }
    record.insert(
        CONDITIONS_KEY.to_string(),
        codes.map_or(Value::Null, Value::Object),
    );
    Value::Object(record)
}

/// An eligibility code: `JA` and four digits.
fn is_code(key: &str) -> bool {
    key.len() == 6 && key.starts_with("JA") && key[2..].bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn detail_fills_in_and_conditions_nest() {
        let mut details = Index::new();
        index(
            &mut details,
            vec![
                json!({"서비스ID": "000000000001", "서비스명": "하나", "구비서류": "신분증", "지원대상": null}),
                json!({"서비스ID": "000000000001", "구비서류": "later rows of an id do not count"}),
                json!("not a row"),
            ],
        );
        let mut conditions = Index::new();
        index(
            &mut conditions,
            vec![
                json!({"서비스ID": "000000000001", "서비스명": "하나", "JA0101": "Y", "JA0110": 3}),
            ],
        );
        let mut joined = Joined::default();
        let list = json!({"서비스ID": "000000000001", "서비스명": "하나", "지원대상": "누구나"});
        assert_eq!(
            record(list, &mut details, &mut conditions, &mut joined),
            json!({"서비스ID": "000000000001", "서비스명": "하나", "지원대상": "누구나",
                "구비서류": "신분증", "supportConditions": {"JA0101": "Y", "JA0110": 3}})
        );
        let alone = json!({"서비스ID": "000000000002", "서비스명": "둘"});
        assert_eq!(
            record(alone, &mut details, &mut conditions, &mut joined),
            json!({"서비스ID": "000000000002", "서비스명": "둘", "supportConditions": null})
        );
        assert_eq!(
            record(json!(7), &mut details, &mut conditions, &mut joined),
            json!(7)
        );
        assert_eq!(
            joined,
            Joined {
                services: 2,
                without_detail: 1,
                without_conditions: 1
            }
        );
    }
}
