// k6: making requests in the init context is an error.
import http from 'k6/http';
http.get('http://127.0.0.1:1/');
export default function () {}
