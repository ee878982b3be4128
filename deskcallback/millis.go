package deskcallback

import (
	"reflect"
	"time"

	"github.com/kefu-go/kefu/internal/jsonx"
)

// Millis is a Unix time in milliseconds. It decodes from a JSON number or a
// quoted number (one Desk document types EventTime as a string); "" and
// null decode to 0. It encodes as a number.
type Millis int64

// Time returns m as a time.Time, or the zero time.Time when m is 0.
func (m Millis) Time() time.Time { return jsonx.UnixMilli(int64(m)) }

// UnmarshalJSON implements json.Unmarshaler.
func (m *Millis) UnmarshalJSON(data []byte) error {
	v, err := jsonx.ParseInt(data, millisType)
	if err != nil {
		return err
	}
	*m = Millis(v)
	return nil
}

var millisType = reflect.TypeFor[Millis]()
