import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The config lives in web/ but is run from the repository root (npm run build:web),
// so paths are resolved from this file rather than from the working directory.
const webRoot = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  root: webRoot,
  base: "/",
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL("./dist", import.meta.url)),
    emptyOutDir: true,
    // The template editor (CodeMirror with its HTML, CSS and JavaScript grammars, ~520 kB) is a
    // chunk of its own, loaded only when the editor opens; the app's own chunk stays well below.
    chunkSizeWarningLimit: 600,
  },
  server: {
    // In development the API runs separately (npm start) on its default port.
    proxy: { "/api": "http://127.0.0.1:8000", "/p": "http://127.0.0.1:8000" },
  },
});
