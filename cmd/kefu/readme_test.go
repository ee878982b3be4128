package main_test

import (
	"bufio"
	"context"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The README's console blocks marked <!-- test: … --> are sessions this
// test runs as written, with the binary under test: each "$ " line is a
// command, the lines after it what it prints (its stdout, or its stderr
// when it printed nothing on stdout); "…" stands for any text. It runs
// kefu and go run; it knows the few shell forms the sessions use: "kefu … > FILE &" (started in the
// background), ". ./FILE" (its export lines join the environment) and
// "kefu … | head -N".
func TestREADMESessions(t *testing.T) {
	t.Parallel()
	readme, err := os.ReadFile("../../README.md")
	require.NoError(t, err)
	sessions := readmeSessions(string(readme))
	require.NotEmpty(t, sessions, "the README has a tested session")
	for name, lines := range sessions {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			runSession(t, lines)
		})
	}
}

// readmeSessions returns the lines of each marked console block, by its
// marker's text.
func readmeSessions(readme string) map[string][]string {
	out := map[string][]string{}
	marker := regexp.MustCompile("<!-- test: (.+?) -->\n```console\n((?s:.*?))```")
	for _, m := range marker.FindAllStringSubmatch(readme, -1) {
		out[m[1]] = strings.Split(strings.TrimSuffix(m[2], "\n"), "\n")
	}
	return out
}

type step struct {
	cmd  string
	want []string
}

func runSession(t *testing.T, lines []string) {
	var steps []step
	for _, l := range lines {
		if cmd, ok := strings.CutPrefix(l, "$ "); ok {
			steps = append(steps, step{cmd: cmd})
			continue
		}
		require.NotEmpty(t, steps, "output before any command: %q", l)
		steps[len(steps)-1].want = append(steps[len(steps)-1].want, l)
	}
	env := []string{}
	files := map[string]*bgOutput{}
	for _, s := range steps {
		switch {
		case strings.HasSuffix(s.cmd, "&"):
			args, file := shellWords(t, strings.TrimSpace(strings.TrimSuffix(s.cmd, "&")))
			require.NotEmpty(t, file, "%s: a background command writes to a file", s.cmd)
			files[file] = startBackground(t, env, args)
		case strings.HasPrefix(s.cmd, ". ./"):
			bg := files[strings.TrimPrefix(s.cmd, ". ./")]
			require.NotNil(t, bg, "%s: no such file written", s.cmd)
			env = append(env, bg.exports(t)...)
		default:
			cmd, head, _ := strings.Cut(s.cmd, " | head -")
			args, file := shellWords(t, cmd)
			require.Empty(t, file, s.cmd)
			var res result
			switch args[0] {
			case "kefu":
				res = kefu(t, env, "", args[1:]...)
			case "go": // go run ./examples/…, from the repository's root
				require.Equal(t, "run", args[1], s.cmd)
				c := exec.Command("go", args[1:]...)
				c.Dir = "../.."
				var out, errOut strings.Builder
				c.Stdout, c.Stderr = &out, &errOut
				require.NoError(t, c.Run(), "%s: %s", s.cmd, errOut.String())
				res = result{stdout: out.String(), stderr: errOut.String()}
			default:
				t.Fatalf("%s: only kefu and go run commands run here", s.cmd)
			}
			got := res.stdout
			if got == "" {
				got = res.stderr
			}
			out := strings.Split(strings.TrimSuffix(got, "\n"), "\n")
			if head != "" {
				n, err := strconv.Atoi(head)
				require.NoError(t, err, s.cmd)
				out = out[:min(n, len(out))]
			}
			require.Len(t, out, len(s.want), "%s printed:\n%s\nstderr: %s", s.cmd, got, res.stderr)
			for i, w := range s.want {
				assert.Regexp(t, wantPattern(w), out[i], "%s, line %d", s.cmd, i+1)
			}
		}
	}
}

// wantPattern is a README output line as a regexp: "…" matches anything.
func wantPattern(line string) *regexp.Regexp {
	parts := strings.Split(line, "…")
	for i, p := range parts {
		parts[i] = regexp.QuoteMeta(p)
	}
	return regexp.MustCompile("^" + strings.Join(parts, ".*?") + "$")
}

// shellWords splits a command line the way the sessions need: words
// separated by spaces, 'single quotes' kept whole, and "> FILE" returned
// apart.
func shellWords(t *testing.T, line string) (args []string, file string) {
	var cur strings.Builder
	inWord, quoted := false, false
	flush := func() {
		if inWord {
			args = append(args, cur.String())
			cur.Reset()
			inWord = false
		}
	}
	for _, r := range line {
		switch {
		case r == '\'':
			quoted, inWord = !quoted, true
		case r == ' ' && !quoted:
			flush()
		default:
			cur.WriteRune(r)
			inWord = true
		}
	}
	flush()
	require.False(t, quoted, "unbalanced quote in %q", line)
	for i, a := range args {
		if a == ">" && i == len(args)-2 {
			return args[:i], args[i+1]
		}
	}
	return args, ""
}

// bgOutput is a background command and the lines it printed.
type bgOutput struct {
	lines chan string
}

func startBackground(t *testing.T, env []string, args []string) *bgOutput {
	require.Equal(t, "kefu", args[0])
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, kefuBin, args[1:]...)
	cmd.Env = append(env, "PATH="+os.Getenv("PATH"))
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	stdin, err := cmd.StdinPipe() // kept open: the sandbox reads commands from it
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	t.Cleanup(func() {
		_ = stdin.Close()
		cancel()
		_ = cmd.Wait()
	})
	bg := &bgOutput{lines: make(chan string, 64)}
	go func() {
		defer close(bg.lines)
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			bg.lines <- sc.Text()
		}
	}()
	return bg
}

// exports reads the background command's "export K=V" lines until
// KEFU_SANDBOX_URL and the others have come, and returns them as K=V.
func (bg *bgOutput) exports(t *testing.T) []string {
	var env []string
	timeout := time.After(30 * time.Second)
	for {
		select {
		case l, ok := <-bg.lines:
			require.True(t, ok, "the background command ended before printing its environment")
			kv, isExport := strings.CutPrefix(l, "export ")
			require.True(t, isExport, "not an export line: %q", l)
			env = append(env, kv)
			if strings.HasPrefix(kv, "DESK_CALLBACK_TOKEN=") { // the last line
				return env
			}
		case <-timeout:
			t.Fatal("no environment from the background command")
		}
	}
}
