//! Event streams: their caps (total, per client, per code, per terminal) and lifetime, and
//! a body that ends when told.

#[allow(unused_imports)]
use super::*;

/// Who holds an event stream, for the per-client caps.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum StreamKey {
    /// A customer page, by client address.
    Public(IpAddr),
    /// A terminal, by id.
    Terminal(String),
}

/// Caps on open event streams and how long one lasts.
pub struct StreamLimits {
    gate: Arc<Gate<StreamKey>>,
    /// Customer-page streams per payment code (counted apart: a stream is one place in
    /// `gate` and one here).
    codes: Arc<Gate<String>>,
    public_per_ip: usize,
    public_per_code: usize,
    per_terminal: usize,
    lifetime: Duration,
}

pub type StreamPermit = Permit<StreamKey>;

/// A customer-page stream's places: per address and per payment code.
pub type PublicStreamPermit = (StreamPermit, Permit<String>);

impl StreamLimits {
    pub fn new(
        total: usize,
        public_per_ip: usize,
        public_per_code: usize,
        per_terminal: usize,
        lifetime: Duration,
    ) -> Self {
        Self {
            gate: Gate::new(total),
            codes: Gate::new(usize::MAX),
            public_per_ip,
            public_per_code,
            per_terminal,
            lifetime,
        }
    }

    /// A place for a customer-page stream of payment `code` from `ip`.
    pub fn admit_public(&self, ip: IpAddr, code: &str) -> Result<PublicStreamPermit, Overloaded> {
        let by_ip = self.admit(StreamKey::Public(client_key(ip)), self.public_per_ip)?;
        let by_code = self
            .codes
            .acquire(code.to_string(), self.public_per_code)
            .map_err(|refused| {
                note_refusal("event stream", refused);
                Overloaded {
                    refused,
                    what: "event streams of this payment",
                }
            })?;
        Ok((by_ip, by_code))
    }

    /// A place for a stream of terminal `id`.
    pub fn admit_terminal(&self, id: &str) -> Result<StreamPermit, Overloaded> {
        self.admit(StreamKey::Terminal(id.to_string()), self.per_terminal)
    }

    pub(crate) fn admit(&self, key: StreamKey, limit: usize) -> Result<StreamPermit, Overloaded> {
        self.gate.acquire(key, limit).map_err(|refused| {
            note_refusal("event stream", refused);
            Overloaded {
                refused,
                what: "event streams",
            }
        })
    }

    /// Streams open now.
    pub fn open(&self) -> usize {
        self.gate.in_use()
    }

    /// `response` (an event stream) holding `permit` while it lasts, and ending cleanly
    /// after the stream lifetime (give or take a tenth, so streams opened together do not
    /// all come back at once); the browser's EventSource then reconnects with Last-Event-ID.
    pub fn bound<P: Send + Unpin + 'static>(
        &self,
        response: axum::response::Response,
        permit: P,
    ) -> axum::response::Response {
        let tenth = self.lifetime / 10;
        let jitter = tenth.mul_f64(rand::random::<f64>());
        let lifetime = self.lifetime - tenth + jitter * 2;
        // Between two events: axum's Sse yields one whole event per frame.
        ends_when(response, tokio::time::sleep(lifetime), permit)
    }
}

/// `response` with a body that ends cleanly (between two frames) once `end` completes, and
/// holds `guard` (a stream place, a revocation watch) until the body is dropped.
pub fn ends_when<E, G>(response: Response<Body>, end: E, guard: G) -> Response<Body>
where
    E: Future<Output = ()> + Send + 'static,
    G: Send + Unpin + 'static,
{
    response.map(|inner| {
        Body::new(EndsWhen {
            inner,
            end: Box::pin(end),
            _guard: guard,
        })
    })
}

pub(crate) struct EndsWhen<E, G> {
    inner: Body,
    end: Pin<Box<E>>,
    _guard: G,
}

impl<E: Future<Output = ()>, G: Unpin> HttpBody for EndsWhen<E, G> {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        if self.end.as_mut().poll(cx).is_ready() {
            return Poll::Ready(None);
        }
        Pin::new(&mut self.inner).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}
