package main

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kefu-go/kefu/dingbot"
	"github.com/kefu-go/kefu/kefutest"
)

// The robot, run whole against the fake gateway and OpenAPI: a text is
// answered through its webhook.
func TestRobotAnswers(t *testing.T) {
	gw := kefutest.NewStreamGateway()
	t.Cleanup(gw.Close)
	dt := kefutest.NewDingTalkServer()
	t.Cleanup(dt.Close)
	t.Setenv("DINGTALK_APP_KEY", kefutest.AppKey)
	t.Setenv("DINGTALK_APP_SECRET", kefutest.AppSecret)
	t.Setenv("DINGTALK_ROBOT_CODE", kefutest.RobotCode)
	t.Setenv("DINGTALK_BASE_URL", dt.URL)
	t.Setenv("DINGTALK_STREAM_URL", gw.URL)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- run(ctx, slog.New(slog.DiscardHandler)) }()
	defer func() { cancel(); <-done }()
	wctx, wcancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer wcancel()
	id := gw.PushCallback(dingbot.TopicMessage, dt.RobotMessage("在吗", false))
	_, err := gw.WaitAcked(wctx, id)
	require.NoError(t, err)
	calls := dt.RobotCalls()
	require.Len(t, calls, 1)
	assert.Contains(t, string(calls[0].Body), "已收到：“在吗”")
}
