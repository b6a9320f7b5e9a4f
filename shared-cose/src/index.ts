export * from './types';
export * from './crypto/index';
