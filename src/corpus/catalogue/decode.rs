//! The stored form decoded straight into services, with the same checks as
//! an import but without building a JSON tree first: loading is several
//! times faster. Wrong JSON types are decoding errors here (the stored form
//! is written by [`super::store`]), where an import reports them per field.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;

use super::service::{
    parse_id, Field, Parts, Rejected, Service, CONDITIONS_KEY, ID_KEY, VIEWS_KEY,
};

/// One stored service, checked.
pub(super) struct Stored(pub Result<Service, Rejected>);

impl<'de> Deserialize<'de> for Stored {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(StoredVisitor)
    }
}

struct StoredVisitor;

impl<'de> Visitor<'de> for StoredVisitor {
    type Value = Stored;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a service object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Stored, A::Error> {
        let mut parts = Parts::default();
        let mut id: Option<String> = None;
        while let Some(key) = map.next_key::<Key>()? {
            match key {
                Key::Id => id = map.next_value()?,
                Key::Views => parts.views = map.next_value()?,
                Key::Conditions => {
                    let codes: Option<Box<RawValue>> = map.next_value()?;
                    if codes.as_ref().is_some_and(|c| !c.get().starts_with('{')) {
                        return Err(de::Error::custom(
                            "supportConditions is not an object or null",
                        ));
                    }
                    parts.conditions = codes.map(Into::into);
                }
                Key::Text(field) => parts.texts[field as usize] = map.next_value()?,
                Key::Other(key) => {
                    parts.extra.insert(key, map.next_value()?);
                }
            }
        }
        let mut issues = Vec::new();
        parts.id = parse_id(id.as_deref(), &mut issues);
        Ok(Stored(parts.finish(issues)))
    }
}

/// A field name, known ones decoded without allocating.
enum Key {
    Id,
    Views,
    Conditions,
    Text(Field),
    Other(String),
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(KeyVisitor)
    }
}

struct KeyVisitor;

impl Visitor<'_> for KeyVisitor {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E>(self, key: &str) -> Result<Key, E> {
        Ok(match key {
            ID_KEY => Key::Id,
            VIEWS_KEY => Key::Views,
            CONDITIONS_KEY => Key::Conditions,
            key => Field::ALL
                .into_iter()
                .find(|f| f.key() == key)
                .map_or_else(|| Key::Other(key.to_string()), Key::Text),
        })
    }
}
