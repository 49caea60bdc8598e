// The compare contract's base64 image fields: decoded as every screen's frames are (main/common/base64.ts).
export { decodeBase64Field } from '../../common/base64.js';
