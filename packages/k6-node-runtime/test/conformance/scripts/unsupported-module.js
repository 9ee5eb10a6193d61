import ws from 'k6/ws';
export default function () {
  ws.connect('ws://x');
}
