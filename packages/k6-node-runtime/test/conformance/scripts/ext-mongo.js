// xk6-mongo: newClient null on failure (logged, not thrown), findOne throws, ObjectIDs as bytes.
import mongo from 'k6/x/mongo';
import { newClient } from 'k6/x/mongo';
export { handleSummary } from './_summary.js';
export const options = { iterations: 1 };
const client = mongo.newClient(__ENV.MONGO_URL);
const bad = newClient('mongodb://127.0.0.1:1/?serverSelectionTimeoutMS=300');
const DB = `conf_ext_mongo_${__ENV.SUFFIX}`;
export default function () {
  const inserted = client.insert(DB, 'docs', { _id: 'a', n: 1, tags: ['x'] });
  client.insert(DB, 'docs', { gen: true });
  let findOneErr = null;
  try {
    client.findOne(DB, 'docs', { _id: 'missing' });
  } catch (e) {
    findOneErr = e.message;
  }
  client.updateOne(DB, 'docs', { _id: 'a' }, { n: 2 });
  const a = client.findOne(DB, 'docs', { _id: 'a' });
  const gen = client.findOne(DB, 'docs', { gen: true });
  console.log(
    `RESULT ${JSON.stringify({
      bad,
      inserted: inserted === undefined,
      findOneErr,
      a,
      genId: Array.isArray(gen._id) && gen._id.length === 12,
      count: client.countDocuments(DB, 'docs', {}),
      found: client.find(DB, 'docs', { n: 2 }, null, 0).length,
    })}`,
  );
  client.dropDatabase(DB);
  client.disconnect();
}
