"""The dynshop store as a package; serve.py (at the repository's root) starts it.

One module per resource or concern, each opening with an index of its sections:
  config      limits, patterns, rate limits                        errors     ApiError, strict JSON, ids and slugs
  core        the core's module (dynshop_core): every rule the store applies
  trust       envelopes, signed reads against the root key
  schema      the tables, the dialects' differences                db         connections, writes, group commit
  postgres    the store on PostgreSQL (--db): db's surface over psycopg 3 (design: POSTGRESQL.md)
  documents   kind-specific authority and validation (the one write path for signed documents)
  shops       shop bundle, directory, brands, releases, slugs      articles   a brand's articles
  referral    limits on visits and orders; the core's referral, phone, contact, binding, status, split rules
  events      POST /api/events                                     orders     placing, lookup, status, provenance
  auth        signed requests                                      limits     token buckets (429 + Retry-After)
  activity    the dashboards' events and orders, teams             payouts    ledgers, batches, statements
  insight     the brand's activity for the console                 images     uploads, sniffing, storage
  seed        the seed folder and generated activity, imported through the write path
  pages       index.html with a first paint per URL                static     app files, fonts, trust.json
  app         what requests share (store, caches, limits)          http       one request: read, answer, log
  routes      THE route table (method, pattern, handler) and its dispatch
"""
