"""The LLM pipeline: staged, validated, fault-tolerant generation through litellm."""
