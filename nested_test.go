package kefu_test

import (
	"bufio"
	"context"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// The README's test command, go test ./..., runs the nested modules' tests
// too: redisdedup against a real redis-server (started here on a free
// loopback port when redis-server is on PATH, else KEFU_REDIS_ADDR's; with
// neither its Redis tests skip and say what to install) and kefuotel.
// go test -short leaves them out.
func TestNestedModules(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: the nested modules' tests are left out")
	}
	for _, dir := range []string{"redisdedup", "kefuotel"} {
		t.Run(dir, func(t *testing.T) {
			t.Parallel()
			env := os.Environ()
			if dir == "redisdedup" && os.Getenv("KEFU_REDIS_ADDR") == "" {
				if addr, ok := startRedis(t); ok {
					env = append(env, "KEFU_REDIS_ADDR="+addr)
				} else {
					t.Log("redis-server is not on PATH: redisdedup's Redis tests skip " +
						"(apt-get install redis-server, or set KEFU_REDIS_ADDR=host:port)")
				}
			}
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
			defer cancel()
			cmd := exec.CommandContext(ctx, "go", "test", "-count=1", "./...")
			cmd.Dir, cmd.Env = dir, env
			out, err := cmd.CombinedOutput()
			require.NoError(t, err, "go test ./... in %s:\n%s", dir, out)
			t.Logf("go test ./... in %s:\n%s", dir, out)
		})
	}
}

// startRedis starts a redis-server on a free loopback port, stopped when
// the test ends, and returns its address; false when there is none to
// start.
func startRedis(t *testing.T) (string, bool) {
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		return "", false
	}
	for range 5 {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		require.NoError(t, err)
		port := ln.Addr().(*net.TCPAddr).Port
		require.NoError(t, ln.Close())
		cmd := exec.Command(bin, "--port", strconv.Itoa(port), "--bind", "127.0.0.1",
			"--save", "", "--appendonly", "no", "--logfile", "", "--loglevel", "warning")
		require.NoError(t, cmd.Start())
		addr := "127.0.0.1:" + strconv.Itoa(port)
		if redisAnswers(addr, 5*time.Second) {
			t.Cleanup(func() {
				_ = cmd.Process.Kill()
				_ = cmd.Wait()
			})
			return addr, true
		}
		_ = cmd.Process.Kill() // the port was taken meanwhile: another one
		_ = cmd.Wait()
	}
	t.Fatal("could not start redis-server on a free loopback port")
	return "", false
}

// redisAnswers reports whether a Redis at addr answers PING within d.
func redisAnswers(addr string, d time.Duration) bool {
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
		conn, err := net.DialTimeout("tcp", addr, 200*time.Millisecond)
		if err == nil {
			_ = conn.SetDeadline(time.Now().Add(time.Second))
			_, _ = conn.Write([]byte("PING\r\n"))
			line, err := bufio.NewReader(conn).ReadString('\n')
			_ = conn.Close()
			if err == nil && strings.HasPrefix(line, "+PONG") {
				return true
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	return false
}
