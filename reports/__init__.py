"""Readers that combine the feature apps for staff: the participation figures per building and month.

They sit above the feature apps and may import all of them; neither the core nor a feature imports this
package (`lint-imports`).
"""
