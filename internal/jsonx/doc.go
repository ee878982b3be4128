// Package jsonx holds the JSON reading shared by kefu's packages:
//
//   - Decoder, the single-pass reader that event's generated decoders run
//     on;
//   - the tolerant scalars: integers and floats that arrive as JSON numbers,
//     as quoted numbers, or as "" and null (zero), and strings that arrive
//     as numbers (ParseInt, ParseFloat, String), for encoding/json users;
//   - ObjectScanner, which walks the members of an object without decoding
//     them.
//
// It is internal: users get these behaviours through the public types that
// wrap them, such as event.Millis and deskcallback.Millis.
package jsonx
