// Its own (empty) config, so that Next.js does not take Triplock's for this app.
const config = {};
export default config;
