//! A serde `Deserializer` over our YAML [`Node`] tree, so the typed model is built
//! with `#[derive(Deserialize)]` and still remembers where each value came from:
//! a [`Spanned<T>`] field captures the span of its node (the same trick as
//! `serde_spanned`, with a private struct name the deserializer recognises).

use std::fmt;

use serde::de::{self, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::load::yaml::{Key, Node, Pos, Span, Value};

const SPANNED: &str = "$__accordant_spanned";
const SPANNED_FIELDS: &[&str] = &["$s", "$e", "$v"];

/// A value and the span of the YAML node it was read from.
#[derive(Clone, Debug, Default)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

impl<T> Spanned<T> {
    pub fn new(value: T, span: Span) -> Self {
        Spanned { value, span }
    }
}

impl<T> std::ops::Deref for Spanned<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T: PartialEq> PartialEq for Spanned<T> {
    /// Equality ignores the span: a moved value is the same value.
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl<T: fmt::Display> fmt::Display for Spanned<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.value.fmt(f)
    }
}

impl<T: Serialize> Serialize for Spanned<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(s)
    }
}

fn pack(p: Pos) -> u64 {
    (u64::from(p.line) << 32) | u64::from(p.col)
}

fn unpack(v: u64) -> Pos {
    Pos {
        line: u32::try_from(v >> 32).unwrap_or(0),
        col: u32::try_from(v & 0xffff_ffff).unwrap_or(0),
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Spanned<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = Spanned<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a value from a YAML node")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Spanned<T>, A::Error> {
                let mut start = Pos::default();
                let mut end = Pos::default();
                while let Some(k) = map.next_key::<String>()? {
                    match k.as_str() {
                        "$s" => start = unpack(map.next_value()?),
                        "$e" => end = unpack(map.next_value()?),
                        _ => {
                            let value = map.next_value()?;
                            return Ok(Spanned {
                                value,
                                span: Span { start, end },
                            });
                        }
                    }
                }
                Err(de::Error::custom("spanned value without a value"))
            }
        }
        d.deserialize_struct(SPANNED, SPANNED_FIELDS, V(std::marker::PhantomData))
    }
}

/// A deserialization error, with the span of the node where it happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeError {
    pub message: String,
    pub span: Option<Span>,
}

impl DeError {
    fn or_span(mut self, span: Span) -> Self {
        if self.span.is_none() {
            self.span = Some(span);
        }
        self
    }
}

impl fmt::Display for DeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for DeError {}

impl de::Error for DeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        DeError {
            message: msg.to_string(),
            span: None,
        }
    }
}

/// Deserializes `T` from a node, moving its strings into `T` (no copy).
pub fn from_node<T: de::DeserializeOwned>(node: Node) -> Result<T, DeError> {
    let span = node.span;
    T::deserialize(NodeDe(node)).map_err(|e| e.or_span(span))
}

struct NodeDe(Node);

impl<'de> Deserializer<'de> for NodeDe {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, DeError> {
        match self.0.value {
            Value::Null => v.visit_unit(),
            Value::Bool(b) => v.visit_bool(b),
            Value::Int(i) => v.visit_i64(i),
            Value::Float(f) => v.visit_f64(f),
            Value::Str(s) => v.visit_string(s),
            Value::Seq(items) => v.visit_seq(SeqDe(items.into_iter())),
            Value::Map(entries) => v.visit_map(MapDe {
                iter: entries.into_iter(),
                value: None,
            }),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, v: V) -> Result<V::Value, DeError> {
        match self.0.value {
            Value::Null => v.visit_none(),
            _ => v.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        v: V,
    ) -> Result<V::Value, DeError> {
        v.visit_newtype_struct(self)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        _fields: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, DeError> {
        if name == SPANNED {
            return v.visit_map(SpannedDe {
                span: self.0.span,
                node: Some(self.0),
                state: 0,
            });
        }
        self.deserialize_any(v)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, DeError> {
        match self.0.value {
            Value::Str(s) => v.visit_enum(s.into_deserializer()),
            _ => Err(de::Error::custom("expected one of the listed words")),
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map identifier ignored_any
    }
}

struct SeqDe(std::vec::IntoIter<Node>);

impl<'de> SeqAccess<'de> for SeqDe {
    type Error = DeError;
    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, DeError> {
        match self.0.next() {
            Some(n) => {
                let span = n.span;
                seed.deserialize(NodeDe(n))
                    .map(Some)
                    .map_err(|e| e.or_span(span))
            }
            None => Ok(None),
        }
    }

    /// Exact, so that `Vec` fields are allocated once at their final size.
    fn size_hint(&self) -> Option<usize> {
        Some(self.0.len())
    }
}

struct MapDe {
    iter: std::vec::IntoIter<(Key, Node)>,
    value: Option<Node>,
}

impl<'de> MapAccess<'de> for MapDe {
    type Error = DeError;
    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, DeError> {
        match self.iter.next() {
            Some((k, v)) => {
                self.value = Some(v);
                // Keys are deserialized straight from their text: field names are
                // matched by `visit_str`, map keys take the string without a copy.
                let span = k.span;
                let key = de::value::StringDeserializer::<DeError>::new(k.text);
                seed.deserialize(key).map(Some).map_err(|e| e.or_span(span))
            }
            None => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, DeError> {
        let node = self
            .value
            .take()
            .ok_or_else(|| <DeError as de::Error>::custom("value without key"))?;
        let span = node.span;
        seed.deserialize(NodeDe(node)).map_err(|e| e.or_span(span))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.iter.len())
    }
}

struct SpannedDe {
    span: Span,
    node: Option<Node>,
    state: u8,
}

impl<'de> MapAccess<'de> for SpannedDe {
    type Error = DeError;
    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, DeError> {
        let key = match self.state {
            0 => "$s",
            1 => "$e",
            2 => "$v",
            _ => return Ok(None),
        };
        seed.deserialize(key.into_deserializer()).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, DeError> {
        self.state += 1;
        match self.state {
            1 => seed.deserialize(pack(self.span.start).into_deserializer()),
            2 => seed.deserialize(pack(self.span.end).into_deserializer()),
            _ => {
                let node = self
                    .node
                    .take()
                    .ok_or_else(|| <DeError as de::Error>::custom("spanned value read twice"))?;
                seed.deserialize(NodeDe(node))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::yaml::{Limits, parse_stream};

    #[derive(Deserialize, Debug)]
    struct Doc {
        id: Spanned<String>,
        owners: Vec<Spanned<String>>,
        target: Option<Spanned<f64>>,
        #[serde(default)]
        missing: Option<String>,
    }

    #[test]
    fn spans_survive_derive() {
        let node = parse_stream(
            "id: pipeline\nowners:\n  - sales\n  - marketing\ntarget: 4500000\n",
            Limits::default(),
        )
        .unwrap()
        .remove(0);
        let d: Doc = from_node(node).unwrap();
        assert_eq!(d.id.value, "pipeline");
        assert_eq!((d.id.span.start.line, d.id.span.start.col), (1, 5));
        assert_eq!(d.owners[1].span.start.line, 4);
        assert_eq!(*d.target.unwrap(), 4_500_000.0);
        assert!(d.missing.is_none());
    }

    #[test]
    fn errors_carry_the_span() {
        let node = parse_stream("id: x\nowners:\n  - [a]\n", Limits::default())
            .unwrap()
            .remove(0);
        let e = from_node::<Doc>(node).unwrap_err();
        assert_eq!(e.span.unwrap().start.line, 3, "{e}");
    }
}
