package wire

import (
	"errors"
	"net"
	"time"

	"github.com/gorilla/websocket"
)

// AnswerPings makes a ping from the peer count as life (extend) and answers
// it with a pong, as gorilla's default handler does. Both ends ping, so
// either side's pings keep the connection up even if the other side's pongs
// are lost behind a full send buffer.
func AnswerPings(ws *websocket.Conn, extend func()) {
	ws.SetPingHandler(func(data string) error {
		extend()
		err := ws.WriteControl(websocket.PongMessage, []byte(data), time.Now().Add(time.Second))
		var ne net.Error
		if err == nil || errors.Is(err, websocket.ErrCloseSent) || (errors.As(err, &ne) && ne.Timeout()) {
			return nil
		}
		return err
	})
}
