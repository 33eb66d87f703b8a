-- Keeps each load's review state and the accepted returns as tables, rewritten at the end of every write
-- (delivery/store/versions.py): the agreed picture's views (views.sql) join these small tables instead of
-- working the review states out again on every table they shadow, in every query. No parameters.
CREATE OR REPLACE TABLE main.load_reviews_held AS SELECT * FROM main.load_reviews;
CREATE OR REPLACE TABLE main.agreed_returns_held AS SELECT * FROM main.agreed_returns;
