import { takeResponseProblems } from './response-recorder';

// Registered for every test file (jest setupFilesAfterEnv): an answer that contradicts its app's OpenAPI document fails the file.
afterAll(async () => {
  const { problems } = await takeResponseProblems();
  if (problems.length) throw new Error(`answers that contradict the OpenAPI document:\n${problems.join('\n')}`);
});
