/**
 * The verifier on Node: the app with node:crypto, the upload decoder, swagger-ui assets from
 * node_modules and the JSON configuration file (DQCV_CONFIG).
 *
 * @example
 * import { createNodeVerifierApp, loadConfigFile } from '@dqcv/verifier-api/node';
 * const { app } = await createNodeVerifierApp(loadConfigFile(process.env));
 */
export { createNodeVerifierApp, socketAddress, type NodeVerifierOptions } from './host';
export { loadConfigFile } from './config-file';
export { createFileDecoder } from './file-decoder';
export { nodeDocsAssets } from './docs-assets';
export { createNodeCryptoBackend } from './crypto';
