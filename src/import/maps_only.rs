//! `MapsOnly`: a serde `Deserializer` adapter that reads every struct from a JSON object only.
//!
//! serde_json's `deserialize_struct` also accepts an array of the fields in order, so every
//! derived `Deserialize` carries a `visit_seq` beside its `visit_map`: a second copy of each
//! model type's field-by-field code, for a form no vpcmap document uses. Wrapping the
//! deserializer (and, recursively, every nested one) so that structs are asked for with
//! `deserialize_map` leaves those `visit_seq`s uncalled, and so out of the viewer WASM
//! ([`super::native::parse_unlocated`]). Everything else is forwarded unchanged: the same
//! values, the same errors, except that a struct written as an array is refused ("invalid
//! type: sequence, expected struct Vpc") where the located parser takes it.

use serde::de::{
    DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor,
};
use std::fmt;

/// A deserializer whose structs are maps (see the module doc).
pub(crate) struct MapsOnly<D>(pub D);

/// A visitor whose nested deserializers are wrapped in [`MapsOnly`].
struct Wrap<V>(V);

/// A seed whose deserializer is wrapped in [`MapsOnly`].
struct Seed<S>(S);

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for Seed<S> {
    type Value = S::Value;
    // One copy per value type (`Option<String>`, `Vec<Subnet>`, `Cidr4`…) shared by every field of
    // that type, instead of serde_json's parsing code inlined into each of the ~230 fields.
    #[inline(never)]
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<S::Value, D::Error> {
        self.0.deserialize(MapsOnly(deserializer))
    }
}

macro_rules! forward {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
            self.0.$method(Wrap(visitor))
        }
    )*};
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for MapsOnly<D> {
    type Error = D::Error;

    forward! {
        deserialize_any deserialize_bool deserialize_i8 deserialize_i16 deserialize_i32
        deserialize_i64 deserialize_i128 deserialize_u8 deserialize_u16 deserialize_u32
        deserialize_u64 deserialize_u128 deserialize_f32 deserialize_f64 deserialize_char
        deserialize_str deserialize_string deserialize_bytes deserialize_byte_buf
        deserialize_option deserialize_unit deserialize_seq deserialize_map
        deserialize_identifier deserialize_ignored_any
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_unit_struct(name, Wrap(visitor))
    }
    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_newtype_struct(name, Wrap(visitor))
    }
    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_tuple(len, Wrap(visitor))
    }
    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_tuple_struct(name, len, Wrap(visitor))
    }
    /// The point of the adapter: a struct is read as a map, never as a sequence.
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_map(Wrap(visitor))
    }
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_enum(name, variants, Wrap(visitor))
    }
    fn is_human_readable(&self) -> bool {
        self.0.is_human_readable()
    }
}

macro_rules! visit {
    ($($method:ident: $ty:ty,)*) => {$(
        fn $method<E: serde::de::Error>(self, value: $ty) -> Result<V::Value, E> {
            self.0.$method(value)
        }
    )*};
}

impl<'de, V: Visitor<'de>> Visitor<'de> for Wrap<V> {
    type Value = V::Value;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(formatter)
    }
    visit! {
        visit_bool: bool, visit_i8: i8, visit_i16: i16, visit_i32: i32, visit_i64: i64,
        visit_i128: i128, visit_u8: u8, visit_u16: u16, visit_u32: u32, visit_u64: u64,
        visit_u128: u128, visit_f32: f32, visit_f64: f64, visit_char: char,
        visit_str: &str, visit_borrowed_str: &'de str, visit_string: String,
        visit_bytes: &[u8], visit_borrowed_bytes: &'de [u8], visit_byte_buf: Vec<u8>,
    }
    fn visit_none<E: serde::de::Error>(self) -> Result<V::Value, E> {
        self.0.visit_none()
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<V::Value, E> {
        self.0.visit_unit()
    }
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<V::Value, D::Error> {
        self.0.visit_some(MapsOnly(deserializer))
    }
    fn visit_newtype_struct<D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<V::Value, D::Error> {
        self.0.visit_newtype_struct(MapsOnly(deserializer))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
        self.0.visit_seq(Wrap(seq))
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        self.0.visit_map(Wrap(map))
    }
    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<V::Value, A::Error> {
        self.0.visit_enum(Wrap(data))
    }
}

impl<'de, A: SeqAccess<'de>> SeqAccess<'de> for Wrap<A> {
    type Error = A::Error;
    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, A::Error> {
        self.0.next_element_seed(Seed(seed))
    }
    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Wrap<A> {
    type Error = A::Error;
    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        self.0.next_key_seed(Seed(seed))
    }
    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, A::Error> {
        self.0.next_value_seed(Seed(seed))
    }
    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

impl<'de, A: EnumAccess<'de>> EnumAccess<'de> for Wrap<A> {
    type Error = A::Error;
    type Variant = Wrap<A::Variant>;
    fn variant_seed<S: DeserializeSeed<'de>>(
        self,
        seed: S,
    ) -> Result<(S::Value, Wrap<A::Variant>), A::Error> {
        self.0
            .variant_seed(Seed(seed))
            .map(|(value, variant)| (value, Wrap(variant)))
    }
}

impl<'de, A: VariantAccess<'de>> VariantAccess<'de> for Wrap<A> {
    type Error = A::Error;
    fn unit_variant(self) -> Result<(), A::Error> {
        self.0.unit_variant()
    }
    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, A::Error> {
        self.0.newtype_variant_seed(Seed(seed))
    }
    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, A::Error> {
        self.0.tuple_variant(len, Wrap(visitor))
    }
    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, A::Error> {
        self.0.struct_variant(fields, Wrap(visitor))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(rename_all = "camelCase", deny_unknown_fields)]
    struct Box2 {
        id: String,
        #[serde(default)]
        tags: Vec<u32>,
        width: Option<f64>,
        kind: Kind,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(rename_all = "lowercase")]
    enum Kind {
        Vpc,
        Subnet,
    }

    fn read(text: &str) -> Result<Box2, String> {
        let mut json = serde_json::Deserializer::from_str(text);
        Box2::deserialize(MapsOnly(&mut json)).map_err(|e| e.to_string())
    }

    #[test]
    fn reads_objects_as_serde_json_does() {
        let text = r#"{"id":"a","tags":[1,2],"width":2.5,"kind":"subnet"}"#;
        assert_eq!(
            read(text),
            serde_json::from_str(text).map_err(|e| e.to_string())
        );
        assert_eq!(read(text).map(|b| b.tags), Ok(vec![1, 2]));
        let missing = r#"{"id":"a","kind":"vpc"}"#;
        assert_eq!(read(missing).map(|b| b.width), Ok(None));
    }

    #[test]
    fn errors_read_as_serde_json_errors_do() {
        for text in [
            r#"{"id":"a","kind":"router"}"#,
            r#"{"id":"a","kind":"vpc","extra":1}"#,
            r#"{"id":7,"kind":"vpc"}"#,
            r#"{"kind":"vpc"}"#,
            r#"{"id":"a","kind":"vpc","tags":[1,"x"]}"#,
        ] {
            let expected = serde_json::from_str::<Box2>(text).map_err(|e| e.to_string());
            assert!(expected.is_err(), "{text}");
            assert_eq!(read(text), expected, "{text}");
        }
    }

    /// Every outcome in full: the value, or the error's message, line, column and category.
    type Outcome<T> = Result<T, (String, usize, usize, serde_json::error::Category)>;

    fn outcome<T>(result: Result<T, serde_json::Error>) -> Outcome<T> {
        result.map_err(|e| (e.to_string(), e.line(), e.column(), e.classify()))
    }

    /// The sample document cut short and with one character changed or dropped, at offsets
    /// spread over the whole text, reads exactly as through serde_json alone (no change here
    /// turns an object into an array, the one form the adapter refuses).
    #[test]
    fn broken_documents_fail_as_they_do_in_serde_json() {
        use crate::model::Topology;
        let read = |text: &str| {
            let mut json = serde_json::Deserializer::from_str(text);
            outcome(
                Topology::deserialize(MapsOnly(&mut json)).and_then(|topology| {
                    json.end()?;
                    Ok(topology)
                }),
            )
        };
        let direct = |text: &str| outcome(serde_json::from_str::<Topology>(text));
        let sample = crate::sample::SAMPLE_JSON;
        assert!(read(sample).is_ok());
        assert_eq!(read(sample), direct(sample));
        let escaped = sample.replacen("\"vpcs\"", "\"vp\\u0063s\"", 1);
        assert_eq!(read(&escaped), direct(&escaped));
        let mut offsets: Vec<usize> = (0..sample.len()).step_by(97).collect();
        offsets.extend(
            sample
                .match_indices(['"', ':', ',', '[', '{'])
                .map(|(at, _)| at)
                .step_by(13),
        );
        for at in offsets
            .into_iter()
            .filter(|&at| sample.is_char_boundary(at))
        {
            let (head, tail) = sample.split_at(at);
            let mut chars = tail.chars();
            chars.next();
            let rest = chars.as_str();
            let mut texts = vec![head.to_string(), format!("{head}{rest}")];
            for with in ["\"", "}", ",", "1", "x", ":", "-", "n", "]", "\\", "\u{1}"] {
                texts.push(format!("{head}{with}{rest}"));
            }
            for text in &texts {
                assert_eq!(read(text), direct(text), "{text}");
            }
        }
    }

    #[test]
    fn a_struct_written_as_an_array_is_refused() {
        let text = r#"["a",[],null,"vpc"]"#;
        assert!(serde_json::from_str::<Box2>(text).is_ok());
        assert_eq!(
            read(text),
            Err(String::from(
                "invalid type: sequence, expected struct Box2 at line 1 column 0"
            ))
        );
    }
}
