export { parseGoJson, JsonSyntaxError, MAX_DEPTH, type JsonNode } from './go-json-parse.js';
export { goDecode, goFold, GoTypeError, type Shape } from './go-json-decode.js';
export { BODY_SHAPES } from './docker-body-shapes.js';
export { bodyFacts, bindSource, emptyFacts, type BodyFacts } from './body-facts.js';
export { readBody, readsBody, type BodyReading } from './read-body.js';
