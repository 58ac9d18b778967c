import type { RulePack } from '../../core/types.js';

export const searchPack: RulePack = {
  id: 'search',
  description: 'Search engines and HTTP APIs: DELETE requests through curl/wget/httpie, Elasticsearch/OpenSearch indices, Meilisearch, Typesense, Solr, Algolia',
  rules: [],
};
