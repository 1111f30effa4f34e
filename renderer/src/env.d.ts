// Vite's client types: side-effect CSS imports and import.meta.env for the bundled renderer.
/// <reference types="vite/client" />
