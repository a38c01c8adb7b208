/**
 * SPDY/3.1 as Kubernetes streaming uses it (port-forward; exec's legacy transport): frame codec
 * (`frames.ts`), header blocks with the shared zlib contexts (`header-block.ts`, `dictionary.ts`)
 * and a session with streams (`session.ts`).
 */
export { encodeFrame, FrameReader, FrameType, FLAG_FIN, RstStatus, SpdyProtocolError, SPDY_VERSION } from './frames.js';
export type { Frame } from './frames.js';
export { HeaderCodec, parseHeaders, serializeHeaders } from './header-block.js';
export type { SpdyHeaders } from './header-block.js';
export { SPDY3_DICTIONARY } from './dictionary.js';
export { SpdySession, SpdyStream } from './session.js';
export type { SpdySessionOptions } from './session.js';
