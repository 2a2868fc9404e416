//! A small HTTP server on 127.0.0.1 for the API tests: it answers
//! `serviceList`, `serviceDetail` and `supportConditions` pages made from
//! snapshot records, as the portal's odcloud API does, and fails on cue.

use std::collections::{HashMap, VecDeque};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{json, Map, Value};

/// The key the server accepts (it has characters a URL must encode).
pub const KEY: &str = "test+key/==";

/// What the next request for a page gets instead of the page.
#[derive(Debug, Clone)]
pub enum Fault {
    /// This status, with a Retry-After header when given, and this body.
    Answer {
        status: u16,
        retry_after: Option<u64>,
        body: String,
    },
    /// The request is read and the connection closed without an answer.
    Drop,
    /// The page, but only after this long.
    Slow(Duration),
}

impl Fault {
    pub fn status(status: u16) -> Fault {
        Fault::Answer {
            status,
            retry_after: None,
            body: "{\"error\": \"injected\"}".into(),
        }
    }
}

#[derive(Default)]
struct State {
    /// (endpoint, page) → the page's JSON.
    pages: HashMap<(String, usize), String>,
    faults: HashMap<(String, usize), VecDeque<Fault>>,
    /// Pages answered whole, in order.
    served: Vec<(String, usize)>,
    /// After this many pages served, every connection is dropped.
    down_after: Option<usize>,
}

pub struct Server {
    /// The API's base URL, e.g. `http://127.0.0.1:40123/api/gov24/v3`.
    pub url: String,
    state: Arc<Mutex<State>>,
    stop: Arc<AtomicBool>,
    addr: std::net::SocketAddr,
}

/// The fields each endpoint gives (both give some).
const LIST: &[&str] = &[
    "서비스ID",
    "서비스명",
    "서비스목적요약",
    "지원대상",
    "선정기준",
    "지원내용",
    "신청방법",
    "신청기한",
    "전화문의",
    "소관기관명",
    "부서명",
    "사용자구분",
    "서비스분야",
    "상세조회URL",
    "조회수",
    "등록일시",
    "수정일시",
];
const DETAIL: &[&str] = &[
    "서비스ID",
    "서비스명",
    "서비스목적",
    "지원대상",
    "선정기준",
    "지원내용",
    "신청방법",
    "신청기한",
    "구비서류",
    "접수기관명",
    "온라인신청사이트URL",
    "법령",
    "수정일시",
    "소관기관명",
];

fn pick(record: &Value, keys: &[&str]) -> Value {
    Value::Object(
        keys.iter()
            .map(|k| (k.to_string(), record[*k].clone()))
            .collect(),
    )
}

/// supportConditions' row: the id and name, then the codes.
fn conditions(record: &Value) -> Option<Value> {
    let codes = record["supportConditions"].as_object()?;
    let mut row: Map<String, Value> = Map::new();
    row.insert("서비스ID".into(), record["서비스ID"].clone());
    row.insert("서비스명".into(), record["서비스명"].clone());
    row.extend(codes.clone());
    Some(Value::Object(row))
}

/// An endpoint's rows as pages of `per_page`, numbered from 1.
fn pages(rows: &[Value], per_page: usize) -> Vec<String> {
    let total = rows.len();
    let chunks: Vec<&[Value]> = if rows.is_empty() {
        vec![&[]]
    } else {
        rows.chunks(per_page).collect()
    };
    chunks
        .iter()
        .enumerate()
        .map(|(i, data)| {
            json!({"page": i + 1, "perPage": per_page, "totalCount": total,
                "currentCount": data.len(), "matchCount": total, "data": data})
            .to_string()
        })
        .collect()
}

impl Server {
    /// Serves the snapshot `records` split over the three endpoints (the
    /// details in reverse order, so the join must go by id).
    pub fn start(records: &[Value], per_page: usize) -> Server {
        let list: Vec<Value> = records.iter().map(|r| pick(r, LIST)).collect();
        let detail: Vec<Value> = records.iter().rev().map(|r| pick(r, DETAIL)).collect();
        let codes: Vec<Value> = records.iter().filter_map(conditions).collect();
        let mut state = State::default();
        for (endpoint, rows) in [
            ("serviceList", list),
            ("serviceDetail", detail),
            ("supportConditions", codes),
        ] {
            for (i, page) in pages(&rows, per_page).into_iter().enumerate() {
                state.pages.insert((endpoint.to_string(), i + 1), page);
            }
        }
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let addr = listener.local_addr().unwrap();
        let state = Arc::new(Mutex::new(state));
        let stop = Arc::new(AtomicBool::new(false));
        let (shared, stopping) = (state.clone(), stop.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                if stopping.load(Ordering::SeqCst) {
                    return;
                }
                let Ok(stream) = stream else { continue };
                let state = shared.clone();
                std::thread::spawn(move || handle(stream, &state));
            }
        });
        Server {
            url: format!("http://{addr}/api/gov24/v3"),
            state,
            stop,
            addr,
        }
    }

    /// The next request for this page fails this way (faults queue up).
    pub fn fault(&self, endpoint: &str, page: usize, fault: Fault) {
        let mut state = self.state.lock().unwrap();
        let key = (endpoint.to_string(), page);
        state.faults.entry(key).or_default().push_back(fault);
    }

    /// The server goes away after this many pages more (none: it is back).
    pub fn go_down_after(&self, pages: Option<usize>) {
        let mut state = self.state.lock().unwrap();
        state.down_after = pages.map(|n| state.served.len() + n);
    }

    /// The pages answered whole so far, taken (the log starts again).
    pub fn take_served(&self) -> Vec<(String, usize)> {
        std::mem::take(&mut self.state.lock().unwrap().served)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wakes the accepting thread so that it sees the stop.
        let _ = TcpStream::connect(self.addr);
    }
}

fn handle(mut stream: TcpStream, state: &Mutex<State>) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let Some(target) = request_target(&mut stream) else {
        return;
    };
    let (path, query) = target.split_once('?').unwrap_or((&target, ""));
    let endpoint = path.rsplit('/').next().unwrap_or("").to_string();
    let param = |name: &str| {
        query
            .split('&')
            .filter_map(|pair| pair.split_once('='))
            .find(|(k, _)| *k == name)
            .map(|(_, v)| percent_decode(v))
    };
    let page: usize = param("page").and_then(|p| p.parse().ok()).unwrap_or(0);
    let (fault, body) = {
        let mut state = state.lock().unwrap();
        if state.down_after.is_some_and(|n| state.served.len() >= n) {
            return;
        }
        let key = (endpoint.clone(), page);
        let fault = state.faults.get_mut(&key).and_then(VecDeque::pop_front);
        (fault, state.pages.get(&key).cloned())
    };
    match fault {
        Some(Fault::Drop) => return,
        Some(Fault::Answer {
            status,
            retry_after,
            body,
        }) => return answer(&mut stream, status, retry_after, &body),
        Some(Fault::Slow(wait)) => std::thread::sleep(wait),
        None => {}
    }
    if param("serviceKey").as_deref() != Some(KEY) {
        let body = r#"{"code":-4,"msg":"등록되지 않은 인증키 입니다."}"#;
        return answer(&mut stream, 401, None, body);
    }
    match body {
        Some(body) => {
            state.lock().unwrap().served.push((endpoint, page));
            answer(&mut stream, 200, None, &body);
        }
        None => answer(&mut stream, 404, None, "{}"),
    }
}

/// The request line's target, once the whole head is read.
fn request_target(stream: &mut TcpStream) -> Option<String> {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") && head.len() < 16 * 1024 {
        match stream.read(&mut byte) {
            Ok(1) => head.push(byte[0]),
            _ => return None,
        }
    }
    let head = String::from_utf8_lossy(&head);
    head.split(' ').nth(1).map(str::to_string)
}

fn answer(stream: &mut TcpStream, status: u16, retry_after: Option<u64>, body: &str) {
    let mut head = format!(
        "HTTP/1.1 {status} X\r\nContent-Type: application/json;charset=UTF-8\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    if let Some(seconds) = retry_after {
        head.push_str(&format!("Retry-After: {seconds}\r\n"));
    }
    head.push_str("\r\n");
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(body.as_bytes());
    let _ = stream.flush();
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| u8::from_str_radix(std::str::from_utf8(h).ok()?, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}
