/** Vite's `?url` imports: the hashed address of a file copied into web/dist. */
declare module '*?url' {
  const url: string;
  export default url;
}
