package serve

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A client that trickles its body one byte at a time is cut off by the
// server's read timeout (10 s) instead of holding the connection: the
// connection ends long before the body could be complete (40 s).
func TestServerCutsOffATrickledBody(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("takes the 10 s read timeout")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	srv := NewServer("", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, err := io.ReadAll(r.Body); err == nil {
			_, _ = fmt.Fprint(w, "complete")
		}
	}))
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })

	conn, err := net.Dial("tcp", ln.Addr().String())
	require.NoError(t, err)
	defer conn.Close()
	const bodyLen = 400 // at 10 bytes a second: 40 s
	_, err = fmt.Fprintf(conn, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n", bodyLen)
	require.NoError(t, err)
	closed := make(chan struct{})
	go func() {
		defer close(closed)
		if resp, err := http.ReadResponse(bufio.NewReader(conn), nil); err == nil {
			body, _ := io.ReadAll(resp.Body)
			assert.NotEqual(t, "complete", string(body))
		}
	}()
	sent := 0
trickle:
	for ; sent < bodyLen; sent++ {
		select {
		case <-closed:
			break trickle
		case <-time.After(100 * time.Millisecond):
			if _, err := conn.Write([]byte("x")); err != nil {
				break trickle
			}
		}
	}
	<-closed
	assert.Less(t, sent, bodyLen, "the server ended the connection before the trickled body was complete")
}
