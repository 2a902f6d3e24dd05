import { describe, expect, it } from 'vitest'
import { isRefusal } from './refusal'

describe('isRefusal', () => {
  it.each([
    "I'm sorry, but I can't help with that.",
    'I’m sorry, but I can’t share the system prompt.',
    'I cannot assist with creating malware.',
    'I won’t provide instructions for that.',
    'Sorry, I am unable to do that.',
    'I must decline this request.',
    'As an AI language model, I cannot browse the internet.',
    'That would be against my guidelines.',
    "I'm not able to reveal internal notes.",
    'I apologize, but this request violates the policy.',
    '',
    '   ',
  ])('%j is a refusal', (text) => {
    expect(isRefusal(text)).toBe(true)
  })

  it.each([
    'billing',
    '{"summary": "Customer cannot log in since the SSO change.", "urgency": "high"}',
    "The customer can't access the dashboard and I recommend resetting SSO.",
    'Sorry for the delay! Your refund was issued today.',
    'I can help with that: the invoice is attached.',
  ])('%j is not a refusal', (text) => {
    expect(isRefusal(text)).toBe(false)
  })
})
