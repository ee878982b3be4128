package serve

import (
	"bufio"
	"context"
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
// read timeout instead of holding its connection: the connection ends long
// before the body could be complete.
func TestServerCutsOffATrickledBody(t *testing.T) { // not parallel: it shrinks the timeouts
	saved := ReadTimeout
	ReadTimeout = 300 * time.Millisecond
	t.Cleanup(func() { ReadTimeout = saved })

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	srv := NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, err := io.ReadAll(r.Body); err != nil {
			return // the read timed out
		}
		_, _ = fmt.Fprint(w, "complete")
	}))
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Shutdown(context.Background()) })

	conn, err := net.Dial("tcp", ln.Addr().String())
	require.NoError(t, err)
	defer conn.Close()
	const bodyLen = 200
	_, err = fmt.Fprintf(conn, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n", bodyLen)
	require.NoError(t, err)

	closed := make(chan struct{})
	go func() {
		defer close(closed)
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err == nil {
			body, _ := io.ReadAll(resp.Body)
			assert.NotEqual(t, "complete", string(body))
		}
	}()
	sent := 0
	for ; sent < bodyLen; sent++ {
		select {
		case <-closed:
		case <-time.After(20 * time.Millisecond):
			if _, err := conn.Write([]byte("x")); err == nil {
				continue
			}
		}
		break
	}
	<-closed
	assert.Less(t, sent, bodyLen, "the server ended the connection before the trickled body was complete")
}

func TestNewServerSetsEveryTimeout(t *testing.T) {
	srv := NewServer(http.NotFoundHandler())
	assert.Positive(t, srv.ReadHeaderTimeout)
	assert.Positive(t, srv.ReadTimeout)
	assert.Positive(t, srv.WriteTimeout)
	assert.Positive(t, srv.IdleTimeout)
}

func TestAddrBindsLoopback(t *testing.T) {
	t.Setenv("ADDR", "")
	t.Setenv("PORT", "")
	assert.Equal(t, ":8080", Addr())
	t.Setenv("PORT", "9000")
	assert.Equal(t, ":9000", Addr())
	t.Setenv("PORT", "127.0.0.1:9000")
	assert.Equal(t, "127.0.0.1:9000", Addr())
	t.Setenv("ADDR", "127.0.0.1:7000")
	assert.Equal(t, "127.0.0.1:7000", Addr())
}
