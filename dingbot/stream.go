package dingbot

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/kefu-go/kefu/dingstream"
)

// The CALLBACK topics of robots over Stream mode.
const (
	// TopicMessage carries robot messages.
	TopicMessage = "/v1.0/im/bot/messages/get"
	// TopicCard carries interactive-card callbacks.
	TopicCard = "/v1.0/card/instances/callback"
)

// CardBudget bounds an OnCard function: DingTalk waits 2 s for a card
// answer, and the answer must still travel back.
const CardBudget = 1500 * time.Millisecond

// OnMessage adapts fn to a dingstream callback for TopicMessage:
//
//	c, err := dingstream.New(appKey, appSecret, router,
//		dingstream.WithCallback(dingbot.TopicMessage, dingbot.OnMessage(fn)),
//		dingstream.WithDeduplicator(store)) // each msgId handled once
//
// fn gets the parsed message; an error (or a message that does not parse)
// answers the frame 500, so the gateway pushes it again. Reply to the
// customer through a Sender; the frame's answer carries nothing.
func OnMessage(fn func(ctx context.Context, m *Message) error) dingstream.CallbackFunc {
	return func(ctx context.Context, cm *dingstream.CallbackMessage) (any, error) {
		m, err := ParseMessage(cm.Data)
		if err != nil {
			return nil, err
		}
		return nil, fn(ctx, m)
	}
}

// ErrCardTimeout is the error of an OnCard function that did not answer
// within CardBudget: the card is answered 500, and DingTalk shows the user
// that the action failed.
var ErrCardTimeout = errors.New("dingbot: the card callback did not answer within its budget")

// OnCard adapts fn to a dingstream callback for TopicCard. fn's answer
// updates the card; it is due within 2 s, so fn runs with a context that
// ends after CardBudget, and an overrun is answered as ErrCardTimeout.
func OnCard(fn func(ctx context.Context, c *CardCallback) (*CardResponse, error)) dingstream.CallbackFunc {
	return func(ctx context.Context, cm *dingstream.CallbackMessage) (any, error) {
		c, err := ParseCardCallback(cm.Data)
		if err != nil {
			return nil, err
		}
		ctx, cancel := context.WithTimeout(ctx, CardBudget)
		defer cancel()
		type result struct {
			res *CardResponse
			err error
		}
		done := make(chan result, 1)
		go func() {
			defer func() {
				if p := recover(); p != nil {
					done <- result{err: fmt.Errorf("dingbot: card handler panicked: %v", p)}
				}
			}()
			res, err := fn(ctx, c)
			done <- result{res, err}
		}()
		select {
		case r := <-done:
			if r.err != nil || r.res == nil {
				return nil, r.err // a nil response is answered {"response":null}: no change
			}
			return r.res, nil
		case <-ctx.Done():
			return nil, ErrCardTimeout
		}
	}
}
