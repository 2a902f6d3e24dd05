import { describe, expect, it } from 'vitest'
import { redactSecret, scanSecrets } from './secrets'

describe('scanSecrets', () => {
  it.each([
    ['openai-api-key', 'sk-proj-4fQ8xZ2mN7pL1vR9tK3wY6bH0cJ5dG8s'],
    ['openai-api-key', 'sk-T3BlbkFJ4fQ8xZ2mN7pL1vR9tK3wY6bH0cJ5dG8s'],
    ['anthropic-api-key', 'sk-ant-api03-4fQ8xZ2mN7pL1vR9tK3wY6bH0cJ5dG8s'],
    ['aws-access-key-id', 'AKIAIOSFODNN7EXAMPLE'],
    ['github-token', 'ghp_1234567890abcdefghijABCDEFGHIJ123456'],
    ['github-token', 'github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuv'],
    ['slack-token', 'xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOp'],
    ['google-api-key', 'AIzaSyA1b2C3d4E5f6G7h8I9j0KlMnOpQrStUvW'],
    ['stripe-secret-key', 'sk_live_4eC39HqLyjWDarjtT1zdp7dc'],
    ['private-key', '-----BEGIN RSA PRIVATE KEY-----'],
    ['private-key', '-----BEGIN PRIVATE KEY-----'],
  ])('finds %s', (kind, secret) => {
    const text = `Use this: ${secret} when calling.`
    expect(scanSecrets(text)).toEqual([{ index: 10, length: secret.length, kind }])
  })

  it('finds a generic high-entropy assignment, pointing at the value', () => {
    const text = 'config: api_key = "q8Zr3LmT0vYx7WpK2sNd"'
    const [hit] = scanSecrets(text)
    expect(hit?.kind).toBe('generic-secret')
    expect(text.slice(hit?.index, (hit?.index ?? 0) + (hit?.length ?? 0))).toBe(
      'q8Zr3LmT0vYx7WpK2sNd',
    )
  })

  it.each([
    'Summarize the task-management ticket and the risk-assessment notes.',
    'Your API key is stored in the settings page; never share your password with anyone.',
    'password: {{ user_password }}',
    'api_key = "your-api-key-here"',
    'Ask about sk-learn and AKIA (not a key) or the token counting.',
    'SKU sk-12345 is out of stock',
    'The ghp_ prefix marks GitHub personal access tokens.',
    'Use {{ api_key }} from the environment: secret = os.environ["OPENAI_API_KEY"]',
  ])('does not flag prose or placeholders: %s', (text) => {
    expect(scanSecrets(text)).toEqual([])
  })

  it('redacts what it prints', () => {
    const text = 'sk-proj-4fQ8xZ2mN7pL1vR9tK3wY6bH0cJ5dG8s'
    const [hit] = scanSecrets(text)
    expect(hit && redactSecret(text, hit)).toBe('sk-proj-4f…')
  })
})
