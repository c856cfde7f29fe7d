//! A small HTTP/1.1 server for the live preview: GET and HEAD, keep-alive, one thread per
//! connection, and replies that are either a whole body or a stream (server-sent events).
//!
//! One thread per connection is the point: a browser opens several connections at once (the
//! search page asks for a dozen index files together) and keeps them open, so a connection must
//! never wait for another one to close before it is read. The preview listens on loopback for
//! one editor's browser, so a thread each costs nothing worth saving.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream, ToSocketAddrs};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// The most a request's line and headers may take.
const MAX_HEAD: usize = 16 * 1024;
/// The most body a request may carry; the preview reads none, so a body is read and dropped.
const MAX_BODY: u64 = 64 * 1024;
/// How long a kept-alive connection may sit idle before it is closed.
const IDLE: Duration = Duration::from_secs(60);
/// How long a write may block on a client that stopped reading.
const WRITE_TIMEOUT: Duration = Duration::from_secs(30);

/// What the handler is given: the request line and headers.
#[derive(Debug, Clone)]
pub struct Request {
    pub method: String,
    /// The request target as sent: path and query, still percent-encoded.
    pub target: String,
    headers: Vec<(String, String)>,
}

impl Request {
    /// The value of a header, by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// A whole response: status, headers, body. `Content-Length` and `Connection` are added when
/// it is sent.
#[derive(Debug, Clone)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn new(status: u16, content_type: &str, body: Vec<u8>) -> Response {
        Response {
            status,
            headers: vec![("Content-Type".into(), content_type.into())],
            body,
        }
    }

    pub fn header(mut self, name: &str, value: &str) -> Response {
        self.headers.push((name.into(), value.into()));
        self
    }
}

/// Writes a stream's body until the client goes away or the writer is done.
pub type StreamBody = Box<dyn FnOnce(&mut dyn Write) + Send>;

/// What the handler answers.
pub enum Reply {
    Whole(Response),
    /// Status 200 with these headers, then whatever the function writes; the connection
    /// closes when it returns.
    Stream(Vec<(String, String)>, StreamBody),
}

/// A bound listener, ready to serve.
pub struct Server {
    listener: TcpListener,
    stopping: Arc<AtomicBool>,
}

/// Stops a running server from another thread.
#[derive(Clone)]
pub struct Stopper {
    addr: SocketAddr,
    stopping: Arc<AtomicBool>,
}

impl Stopper {
    /// Makes `run` return after the connection it is waiting for; open connections finish
    /// their current request and close when idle.
    pub fn stop(&self) {
        self.stopping.store(true, Ordering::SeqCst);
        // Wakes the accept call; an unspecified address (0.0.0.0) is reached over loopback.
        let mut addr = self.addr;
        if addr.ip().is_unspecified() {
            addr.set_ip(match addr {
                SocketAddr::V4(_) => std::net::Ipv4Addr::LOCALHOST.into(),
                SocketAddr::V6(_) => std::net::Ipv6Addr::LOCALHOST.into(),
            });
        }
        TcpStream::connect_timeout(&addr, Duration::from_secs(1)).ok();
    }
}

impl Server {
    pub fn bind(addr: impl ToSocketAddrs) -> io::Result<Server> {
        Ok(Server {
            listener: TcpListener::bind(addr)?,
            stopping: Arc::new(AtomicBool::new(false)),
        })
    }

    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    pub fn stopper(&self) -> io::Result<Stopper> {
        Ok(Stopper {
            addr: self.local_addr()?,
            stopping: Arc::clone(&self.stopping),
        })
    }

    /// Answers every connection on a thread of its own with `handler`, until stopped.
    pub fn run<H>(self, handler: H)
    where
        H: Fn(&Request) -> Reply + Send + Sync + 'static,
    {
        let handler = Arc::new(handler);
        for stream in self.listener.incoming() {
            if self.stopping.load(Ordering::SeqCst) {
                return;
            }
            let Ok(stream) = stream else { continue };
            let handler = Arc::clone(&handler);
            // A thread that cannot be started loses its connection, not the server.
            std::thread::Builder::new()
                .name("gongkai-http".into())
                .spawn(move || {
                    connection(stream, &*handler).ok();
                })
                .ok();
        }
    }
}

/// Why a request could not be read.
enum Bad {
    /// The client closed the connection (or sent nothing before the idle timeout).
    Gone,
    /// Answer with this status and close.
    Status(u16),
}

/// Serves the requests of one connection, in order, until it closes.
fn connection<H>(stream: TcpStream, handler: &H) -> io::Result<()>
where
    H: Fn(&Request) -> Reply + ?Sized,
{
    stream.set_read_timeout(Some(IDLE))?;
    stream.set_write_timeout(Some(WRITE_TIMEOUT))?;
    stream.set_nodelay(true).ok();
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut writer = stream;
    loop {
        let (request, keep_alive) = match read_request(&mut reader) {
            Ok(r) => r,
            Err(Bad::Gone) => return Ok(()),
            Err(Bad::Status(status)) => {
                let body = format!("{} {}\n", status, reason(status)).into_bytes();
                let response = Response::new(status, "text/plain; charset=utf-8", body);
                return write_whole(&mut writer, &response, false, false);
            }
        };
        let head_only = request.method == "HEAD";
        match handler(&request) {
            Reply::Whole(response) => {
                write_whole(&mut writer, &response, head_only, keep_alive)?;
                if !keep_alive {
                    return Ok(());
                }
            }
            Reply::Stream(headers, body) => {
                let mut head = String::from("HTTP/1.1 200 OK\r\n");
                for (name, value) in &headers {
                    head.push_str(&format!("{name}: {value}\r\n"));
                }
                head.push_str("Connection: close\r\n\r\n");
                writer.write_all(head.as_bytes())?;
                writer.flush()?;
                if !head_only {
                    body(&mut writer);
                }
                return Ok(());
            }
        }
    }
}

fn write_whole(
    writer: &mut TcpStream,
    response: &Response,
    head_only: bool,
    keep_alive: bool,
) -> io::Result<()> {
    let mut out = format!(
        "HTTP/1.1 {} {}\r\n",
        response.status,
        reason(response.status)
    );
    for (name, value) in &response.headers {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    out.push_str(&format!("Content-Length: {}\r\n", response.body.len()));
    out.push_str(if keep_alive {
        "Connection: keep-alive\r\n\r\n"
    } else {
        "Connection: close\r\n\r\n"
    });
    let mut bytes = out.into_bytes();
    if !head_only {
        bytes.extend_from_slice(&response.body);
    }
    writer.write_all(&bytes)?;
    writer.flush()
}

/// Reads one request's line, headers and (dropped) body; says whether the connection stays
/// open after the answer.
fn read_request(reader: &mut impl BufRead) -> Result<(Request, bool), Bad> {
    let mut lines = Vec::new();
    let mut total = 0;
    loop {
        let mut line = Vec::new();
        let n = reader
            .by_ref()
            .take((MAX_HEAD - total + 1) as u64)
            .read_until(b'\n', &mut line)
            .map_err(|_| Bad::Gone)?;
        if n == 0 {
            // Closed: cleanly between requests, or in the middle of one.
            return Err(if lines.is_empty() && total == 0 {
                Bad::Gone
            } else {
                Bad::Status(400)
            });
        }
        total += n;
        if total > MAX_HEAD {
            return Err(Bad::Status(431));
        }
        if !line.ends_with(b"\n") {
            return Err(Bad::Status(400));
        }
        let text = std::str::from_utf8(&line)
            .map_err(|_| Bad::Status(400))?
            .trim_end_matches(['\r', '\n'])
            .to_string();
        if text.is_empty() {
            // Empty lines before the request line are allowed and ignored.
            if lines.is_empty() {
                continue;
            }
            break;
        }
        lines.push(text);
    }
    let mut parts = lines[0].split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(Bad::Status(400));
    };
    let http11 = match version {
        "HTTP/1.1" => true,
        "HTTP/1.0" => false,
        _ => return Err(Bad::Status(400)),
    };
    if method.is_empty() || !method.bytes().all(|b| b.is_ascii_uppercase()) || target.is_empty() {
        return Err(Bad::Status(400));
    }
    let mut headers = Vec::new();
    for line in &lines[1..] {
        // A line folded onto the one before it (obsolete) is refused, as the standard asks.
        if line.starts_with([' ', '\t']) {
            return Err(Bad::Status(400));
        }
        let Some((name, value)) = line.split_once(':') else {
            return Err(Bad::Status(400));
        };
        if name.is_empty() || name.contains([' ', '\t']) {
            return Err(Bad::Status(400));
        }
        headers.push((name.to_string(), value.trim().to_string()));
    }
    let request = Request {
        method: method.to_string(),
        target: target.to_string(),
        headers,
    };
    if request.header("Transfer-Encoding").is_some() {
        return Err(Bad::Status(413));
    }
    if let Some(length) = request.header("Content-Length") {
        let length: u64 = length.parse().map_err(|_| Bad::Status(400))?;
        if length > MAX_BODY {
            return Err(Bad::Status(413));
        }
        let copied =
            io::copy(&mut reader.by_ref().take(length), &mut io::sink()).map_err(|_| Bad::Gone)?;
        if copied < length {
            return Err(Bad::Gone);
        }
    }
    let connection = request
        .header("Connection")
        .unwrap_or("")
        .to_ascii_lowercase();
    let keep_alive = if http11 {
        !connection.contains("close")
    } else {
        connection.contains("keep-alive")
    };
    Ok((request, keep_alive))
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently", // not a message: an HTTP reason phrase
        304 => "Not Modified",      // not a message: an HTTP reason phrase
        400 => "Bad Request",       // not a message: an HTTP reason phrase
        404 => "Not Found",         // not a message: an HTTP reason phrase
        405 => "Method Not Allowed", // not a message: an HTTP reason phrase
        413 => "Content Too Large", // not a message: an HTTP reason phrase
        431 => "Request Header Fields Too Large", // not a message: an HTTP reason phrase
        500 => "Internal Server Error", // not a message: an HTTP reason phrase
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Write};
    use std::time::Instant;

    fn start() -> (SocketAddr, Stopper, std::thread::JoinHandle<()>) {
        let server = Server::bind("127.0.0.1:0").expect("a free port");
        let addr = server.local_addr().expect("an address");
        let stopper = server.stopper().expect("a stopper");
        let thread = std::thread::spawn(move || {
            server.run(|request| {
                if request.target == "/events" {
                    return Reply::Stream(
                        vec![("Content-Type".into(), "text/event-stream".into())],
                        Box::new(|w: &mut dyn Write| {
                            w.write_all(b"data: 1\n\n").ok();
                        }),
                    );
                }
                let body = format!("{} {}", request.method, request.target).into_bytes();
                Reply::Whole(Response::new(200, "text/plain", body).header("X-Test", "yes"))
            });
        });
        (addr, stopper, thread)
    }

    /// Sends raw bytes on a new connection and reads until the server closes it.
    fn exchange(addr: SocketAddr, raw: &[u8]) -> String {
        let mut s = TcpStream::connect(addr).expect("connect");
        s.set_read_timeout(Some(Duration::from_secs(10))).ok();
        s.write_all(raw).expect("send");
        let mut out = Vec::new();
        s.read_to_end(&mut out).ok();
        String::from_utf8_lossy(&out).into_owned()
    }

    #[test]
    fn keep_alive_answers_requests_in_order_and_head_has_no_body() {
        let (addr, stopper, thread) = start();
        let out = exchange(
            addr,
            b"GET /a HTTP/1.1\r\nHost: x\r\n\r\nHEAD /b HTTP/1.1\r\n\r\nGET /c?q=1 HTTP/1.1\r\nConnection: close\r\n\r\n",
        );
        let parts: Vec<&str> = out.split("HTTP/1.1 200 OK\r\n").skip(1).collect();
        assert_eq!(parts.len(), 3, "{out}");
        assert!(parts[0].contains("Content-Length: 6\r\n"), "{out}");
        assert!(parts[0].contains("Connection: keep-alive"), "{out}");
        assert!(parts[0].ends_with("\r\n\r\nGET /a"), "{out}");
        // HEAD: the length of the body it would have, and no body.
        assert!(parts[1].contains("Content-Length: 7\r\n"), "{out}");
        assert!(parts[1].ends_with("\r\n\r\n"), "{out}");
        assert!(parts[2].contains("Connection: close"), "{out}");
        assert!(parts[2].contains("X-Test: yes"), "{out}");
        assert!(parts[2].ends_with("GET /c?q=1"), "{out}");
        stopper.stop();
        thread.join().expect("the server stops");
    }

    #[test]
    fn http_1_0_closes_unless_asked_to_keep_alive() {
        let (addr, stopper, thread) = start();
        let out = exchange(addr, b"GET /a HTTP/1.0\r\n\r\nGET /b HTTP/1.0\r\n\r\n");
        assert_eq!(out.matches("HTTP/1.1 200 OK").count(), 1, "{out}");
        assert!(out.contains("Connection: close"), "{out}");
        stopper.stop();
        thread.join().expect("the server stops");
    }

    #[test]
    fn broken_requests_get_a_status_and_a_closed_connection() {
        let (addr, stopper, thread) = start();
        for (raw, status) in [
            (&b"GARBAGE\r\n\r\n"[..], "400"),
            (b"GET / HTTP/2.0\r\n\r\n", "400"),
            (b"get / HTTP/1.1\r\n\r\n", "400"),
            (b"GET / HTTP/1.1\r\nNo colon here\r\n\r\n", "400"),
            (b"GET / HTTP/1.1\r\nA: b\r\n folded\r\n\r\n", "400"),
            (b"GET / HTTP/1.1\r\nContent-Length: x\r\n\r\n", "400"),
            (
                b"POST / HTTP/1.1\r\nContent-Length: 99999999\r\n\r\n",
                "413",
            ),
            (
                b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n",
                "413",
            ),
            (b"GET / HTTP/1.1\r\n\xff: b\r\n\r\n", "400"),
        ] {
            let out = exchange(addr, raw);
            assert!(
                out.starts_with(&format!("HTTP/1.1 {status} ")),
                "{}: {out}",
                String::from_utf8_lossy(raw)
            );
            assert!(out.contains("Connection: close"), "{out}");
        }
        let mut huge = b"GET / HTTP/1.1\r\n".to_vec();
        for i in 0..2000 {
            huge.extend_from_slice(format!("X-{i}: aaaaaaaaaa\r\n").as_bytes());
        }
        huge.extend_from_slice(b"\r\n");
        assert!(exchange(addr, &huge).starts_with("HTTP/1.1 431 "));
        // A small body is read and dropped, and the next request on the connection is answered.
        let out = exchange(
            addr,
            b"POST /x HTTP/1.1\r\nContent-Length: 5\r\n\r\nhelloGET /y HTTP/1.1\r\nConnection: close\r\n\r\n",
        );
        assert!(out.contains("POST /x") && out.ends_with("GET /y"), "{out}");
        stopper.stop();
        thread.join().expect("the server stops");
    }

    #[test]
    fn a_stream_is_sent_without_a_length_and_then_closed() {
        let (addr, stopper, thread) = start();
        let out = exchange(addr, b"GET /events HTTP/1.1\r\n\r\n");
        assert!(out.starts_with("HTTP/1.1 200 OK\r\n"), "{out}");
        assert!(out.contains("Content-Type: text/event-stream\r\n"), "{out}");
        assert!(!out.contains("Content-Length"), "{out}");
        assert!(out.ends_with("\r\n\r\ndata: 1\n\n"), "{out}");
        stopper.stop();
        thread.join().expect("the server stops");
    }

    /// A browser opens several connections at once and keeps them open: a new connection is
    /// answered at once, however many others are open and idle.
    #[test]
    fn idle_connections_never_hold_up_a_new_one() {
        let (addr, stopper, thread) = start();
        let mut idle = Vec::new();
        for _ in 0..32 {
            let mut s = TcpStream::connect(addr).expect("connect");
            s.write_all(b"GET /warm HTTP/1.1\r\n\r\n").expect("send");
            let mut buf = [0u8; 256];
            s.set_read_timeout(Some(Duration::from_secs(10))).ok();
            let n = s.read(&mut buf).expect("an answer");
            assert!(buf[..n].starts_with(b"HTTP/1.1 200"));
            idle.push(s);
        }
        let started = Instant::now();
        let out = exchange(addr, b"GET /new HTTP/1.1\r\nConnection: close\r\n\r\n");
        assert!(out.ends_with("GET /new"), "{out}");
        assert!(started.elapsed() < Duration::from_secs(5));
        drop(idle);
        stopper.stop();
        thread.join().expect("the server stops");
    }
}
