import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

/**
 * The scanner is served under `/app/` by the verifier host (docs/ARCHITECTURE.md) and is also
 * deployable as static files. The service worker is our own (`src/sw.ts`, injectManifest) because
 * it handles the Web Share Target POST, which a generated worker cannot.
 */
export default defineConfig({
  base: '/app/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // The .wasm of zxing and the pdf.js worker are large; they are loaded on demand only.
    chunkSizeWarningLimit: 1500,
  },
  worker: { format: 'es' },
  plugins: [
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src',
      filename: 'sw.ts',
      injectRegister: false,
      manifestFilename: 'manifest.webmanifest',
      injectManifest: {
        globPatterns: ['**/*.{js,css,html,wasm,png,svg,webmanifest,mjs}'],
        // zxing_reader.wasm is ~0.95 MB and the pdf.js worker ~1 MB: both must work offline.
        maximumFileSizeToCacheInBytes: 4 * 1024 * 1024,
      },
      manifest: {
        name: '資格者証スキャナー / Certificate scanner',
        short_name: '資格者証確認',
        description: 'デジタル資格者証のQRコードを読み取り、端末内で有効性を確認します。',
        lang: 'ja',
        start_url: '/app/',
        scope: '/app/',
        display: 'standalone',
        orientation: 'portrait',
        background_color: '#ffffff',
        theme_color: '#1f3a5f',
        icons: [
          { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          {
            src: 'icons/icon-maskable-512.png',
            sizes: '512x512',
            type: 'image/png',
            purpose: 'maskable',
          },
        ],
        share_target: {
          action: '/app/share',
          method: 'POST',
          enctype: 'multipart/form-data',
          params: {
            title: 'title',
            text: 'text',
            url: 'url',
            files: [
              {
                name: 'file',
                accept: ['application/pdf', 'image/png', 'image/jpeg', 'image/webp'],
              },
            ],
          },
        },
      },
    }),
  ],
});
