/**
 * Token Status List (IETF OAuth draft, CBOR/CWT form): packing, the signed token, and the
 * verifying `StatusSource`.
 */
export { isAllowedStatusListUri } from './address';
export { STATUS_VALUES, statusOfValue } from './values';
export {
  compressStatusBits,
  decompressStatusBits,
  isStatusBits,
  packStatusBits,
  readStatusBits,
  type StatusBits,
} from './bits';
export {
  MAX_STATUS_LIST_BYTES,
  STATUS_LIST_CWT_TYPE,
  decodeStatusListToken,
  signStatusListToken,
  type StatusListContent,
  type StatusListDecode,
  type StatusListSigning,
  type StatusListToken,
} from './token';
export {
  createStatusListSource,
  type StatusListFetch,
  type StatusListSourceOptions,
} from './source';
