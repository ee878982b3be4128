package observe_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"sync/atomic"

	"github.com/kefu-go/kefu/dingcallback"
	"github.com/kefu-go/kefu/event"
	"github.com/kefu-go/kefu/kefutest"
	"github.com/kefu-go/kefu/observe"
)

// failures counts failed deliveries and ignores the rest: it embeds
// observe.Nop for the methods it does not need.
type failures struct {
	observe.Nop
	n atomic.Int64
}

func (f *failures) StartDelivery(ctx context.Context, d observe.Delivery) (context.Context, func(observe.DeliveryResult)) {
	return ctx, func(r observe.DeliveryResult) {
		if r.Outcome == observe.Failed {
			f.n.Add(1)
			fmt.Printf("%s %s %s: %v\n", d.Receiver, d.Type, r.Outcome, r.Err)
		}
	}
}

// An Observer of one's own: here, a count of failed deliveries.
func Example() {
	obs := &failures{}
	crypto := kefutest.NewDingTalkCrypto()
	router := event.NewRouter()
	event.Handle(router, func(context.Context, *event.OrgUserAdd) error { return fmt.Errorf("database down") })
	h, err := dingcallback.New(crypto, router, dingcallback.WithObserver(obs))
	if err != nil {
		panic(err)
	}
	req, err := kefutest.NewDingTalkRequest(crypto, "/callback", `{"EventType":"user_add_org","eventId":"e1","UserId":["u1"]}`)
	if err != nil {
		panic(err)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	fmt.Println(w.Code, obs.n.Load())
	// Output:
	// dingcallback user_add_org failed: database down
	// 500 1
}
