//! The transformer's shape and what follows from it: parameter counts (total and active), forward
//! FLOPs per token at a sequence length, and the KV cache a served token occupies. Pure arithmetic
//! on resolved numbers; the resolver fills [`ModelInputs`], training and serving (`model.rs`) use
//! the formulas here.
//!
//! Covered: multi-head and grouped-query attention with any head width, multi-head latent
//! attention (DeepSeek-V2/V3: K and V rebuilt from a cached low-rank latent), sliding-window
//! layers (Mistral, Gemma 2), plain (2-matrix) and gated (SwiGLU/GeGLU, 3-matrix) feed-forward
//! blocks, mixture-of-experts layers with shared experts and leading dense layers, tied or untied
//! embeddings, and an encoder stack (T5) whose decoder layers then also cross-attend.
//! Norms, biases and position embeddings are left out: under 0.1 % of any preset.

/// The resolved architecture. Counts are `f64` because the physics multiplies them with rates.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ModelInputs {
    /// Total parameters: what must be held in memory.
    pub params: f64,
    /// Parameters a token passes through (mixture-of-experts: the routed experts it uses).
    pub active_params: f64,
    pub layers: f64,
    pub d_model: f64,
    pub heads: f64,
    pub kv_heads: f64,
    /// Width of one attention head (queries, keys and values); usually d_model / heads.
    pub head_dim: f64,
    /// The longest context served: drives the KV cache and serving attention.
    pub context: f64,
    pub vocab: f64,
    /// Hidden width of a dense feed-forward block (each of its matrices is d_model × ffn_dim).
    pub ffn_dim: f64,
    /// Matrices in a feed-forward block: 2 (plain, GELU/ReLU) or 3 (gated, SwiGLU/GeGLU).
    pub ffn_matrices: f64,
    /// 1 when the output projection reuses the input embedding, 2 when it has its own.
    pub embedding_matrices: f64,
    /// Routed experts per mixture-of-experts layer; 0 for a dense model.
    pub experts: f64,
    pub experts_per_token: f64,
    pub shared_experts: f64,
    /// Hidden width of one expert.
    pub expert_ffn_dim: f64,
    /// Leading layers with a dense feed-forward block in a mixture-of-experts model.
    pub dense_layers: f64,
    /// Multi-head latent attention: the cached latent's width; 0 for ordinary attention.
    pub kv_lora_rank: f64,
    /// Multi-head latent attention: the query's low-rank width (0: full-rank queries).
    pub q_lora_rank: f64,
    /// Multi-head latent attention: the decoupled rotary key width per head, cached beside the latent.
    pub rope_head_dim: f64,
    /// Tokens a sliding-window layer attends to; 0: every layer attends to the whole sequence.
    pub sliding_window: f64,
    /// Layers that use the sliding window (the rest attend globally).
    pub local_layers: f64,
    /// Encoder layers of an encoder-decoder model (T5); 0 for decoder-only models.
    pub encoder_layers: f64,
}

/// Total and active parameters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ParamCount {
    pub total: f64,
    pub active: f64,
}

impl ModelInputs {
    fn mla(&self) -> bool {
        self.kv_lora_rank > 0.0
    }

    fn moe(&self) -> bool {
        self.experts > 0.0
    }

    /// Query/key width per head (latent attention adds the rotary part to the content part).
    fn qk_dim(&self) -> f64 {
        self.head_dim + if self.mla() { self.rope_head_dim } else { 0.0 }
    }

    /// Weights of one attention block. Ordinary: Q and O are d × heads·head_dim, K and V
    /// d × kv_heads·head_dim (grouped-query when kv_heads < heads). Latent (DeepSeek-V2,
    /// arXiv 2405.04434 §2.1.2): queries through a q_lora_rank bottleneck, keys and values rebuilt
    /// from a kv_lora_rank latent plus a shared rotary key, then O.
    pub fn attention_params(&self) -> f64 {
        let (d, h, hd) = (self.d_model, self.heads, self.head_dim);
        if self.mla() {
            let q = if self.q_lora_rank > 0.0 {
                d * self.q_lora_rank + self.q_lora_rank * h * self.qk_dim()
            } else {
                d * h * self.qk_dim()
            };
            let kv_down = d * (self.kv_lora_rank + self.rope_head_dim);
            let kv_up = self.kv_lora_rank * h * (hd + hd);
            q + kv_down + kv_up + h * hd * d
        } else {
            2.0 * d * h * hd + 2.0 * d * self.kv_heads * hd
        }
    }

    fn ffn_params(&self, width: f64) -> f64 {
        self.ffn_matrices * self.d_model * width
    }

    /// Parameters from the architecture, total and per token.
    pub fn param_count(&self) -> ParamCount {
        let attn = self.attention_params();
        let dense_ffn = self.ffn_params(self.ffn_dim);
        let (moe_layers, moe_total, moe_active) = if self.moe() {
            let expert = self.ffn_params(self.expert_ffn_dim);
            let router = self.d_model * self.experts;
            (
                (self.layers - self.dense_layers).max(0.0),
                (self.experts + self.shared_experts) * expert + router,
                (self.experts_per_token + self.shared_experts) * expert + router,
            )
        } else {
            (0.0, 0.0, 0.0)
        };
        let dense_layers = self.layers - moe_layers;
        let encoder = if self.encoder_layers > 0.0 {
            // Encoder layers, and the decoder's cross-attention to them.
            self.encoder_layers * (attn + dense_ffn) + self.layers * attn
        } else {
            0.0
        };
        let shared =
            self.layers * attn + dense_layers * dense_ffn + encoder + self.embedding_params();
        ParamCount {
            total: shared + moe_layers * moe_total,
            active: shared + moe_layers * moe_active,
        }
    }

    /// vocab × d_model, once when the output projection is tied to the input embedding.
    pub fn embedding_params(&self) -> f64 {
        self.embedding_matrices * self.vocab * self.d_model
    }

    /// Forward FLOPs per token of the weights: a multiply-add (2 FLOPs) per active parameter,
    /// except an untied input embedding, which is a table look-up and costs nothing.
    pub fn dense_flops_per_token(&self) -> f64 {
        let lookup = if self.embedding_matrices > 1.0 {
            self.vocab * self.d_model
        } else {
            0.0
        };
        2.0 * (self.active_params - lookup).max(0.0)
    }

    /// Attention FLOPs of one token attending `keys` keys in one layer: scores QKᵀ (2·qk_dim per
    /// key and head) and the weighted sum over V (2·head_dim per key and head).
    fn attention_flops_per_key(&self) -> f64 {
        2.0 * self.heads * (self.qk_dim() + self.head_dim)
    }

    /// Keys a token sees on average over a causal sequence of `n` tokens: (n+1)/2 with global
    /// attention; with a window w < n, Σ min(i, w) / n.
    fn mean_keys(n: f64, window: f64) -> f64 {
        if window <= 0.0 || n <= window {
            (n + 1.0) / 2.0
        } else {
            (window * (window + 1.0) / 2.0 + (n - window) * window) / n
        }
    }

    /// Layers attending within the window, and attending globally.
    fn layer_split(&self) -> (f64, f64) {
        let local = if self.sliding_window > 0.0 {
            self.local_layers.min(self.layers)
        } else {
            0.0
        };
        (local, self.layers - local)
    }

    /// Forward attention FLOPs per token averaged over a causal sequence of `n` tokens. With
    /// global attention of full width (heads·head_dim = d) this is 2·L·d·(n+1), Kaplan et al.
    /// 2020 (arXiv 2001.08361) Table 1's 2·n_layer·n_ctx·d_attn with the causal half; masked
    /// blocks are skipped as FlashAttention does.
    pub fn attention_flops_per_token(&self, n: f64) -> f64 {
        let (local, global) = self.layer_split();
        let per_key = self.attention_flops_per_key();
        per_key
            * (local * Self::mean_keys(n, self.sliding_window) + global * Self::mean_keys(n, 0.0))
    }

    /// Keys summed over the layers for a token at position `len`: window layers see at most
    /// the window.
    fn keys_over_layers(&self, len: f64) -> f64 {
        let (local, global) = self.layer_split();
        let windowed = if self.sliding_window > 0.0 {
            len.min(self.sliding_window)
        } else {
            len
        };
        local * windowed + global * len
    }

    /// Attention FLOPs of one decode step at position `ctx` (it attends `ctx` keys, fewer in
    /// window layers).
    pub fn decode_attention_flops(&self, ctx: f64) -> f64 {
        self.decode_flops_per_key() * self.keys_over_layers(ctx)
    }

    /// FLOPs per cached key and layer of a decode step. Multi-head latent attention decodes with
    /// the up-projections absorbed into the query and output (DeepSeek-V2, arXiv 2405.04434,
    /// §2.1.2; vLLM's MLA backends): each head scores the compressed latent and its rotary part,
    /// then sums latents, so a key costs 2·heads·(2·kv_lora_rank + rope_head_dim).
    fn decode_flops_per_key(&self) -> f64 {
        if self.mla() {
            2.0 * self.heads * (2.0 * self.kv_lora_rank + self.rope_head_dim)
        } else {
            self.attention_flops_per_key()
        }
    }

    /// Parameters of the routed experts of all mixture-of-experts layers: (layers, per expert).
    fn routed_experts(&self) -> (f64, f64) {
        if self.moe() {
            let moe_layers = (self.layers - self.dense_layers).max(0.0);
            (moe_layers, self.ffn_params(self.expert_ffn_dim))
        } else {
            (0.0, 0.0)
        }
    }

    /// Expected distinct routed experts a batch of `batch` tokens touches in one layer, each
    /// token picking `experts_per_token` of `experts` uniformly: E·(1 − (1 − k/E)^B).
    pub fn experts_touched(&self, batch: f64) -> f64 {
        if !self.moe() || self.experts_per_token <= 0.0 {
            return 0.0;
        }
        let (e, k) = (self.experts, self.experts_per_token.min(self.experts));
        e * (1.0 - (1.0 - k / e).powf(batch.max(1.0)))
    }

    /// Parameters one decode step over `batch` sequences reads: everything but the routed
    /// experts (attention, shared experts, dense layers, embeddings, routers), plus the routed
    /// experts the batch touches in each mixture-of-experts layer. Between the active parameters
    /// (one token) and all of them (every expert touched). Scales with `params` when a preset's
    /// published count differs from the architecture's.
    pub fn weights_read(&self, batch: f64) -> f64 {
        let (shared, touched) = self.weights_read_split(batch);
        shared + touched
    }

    /// [`Self::weights_read`] as (everything but the routed experts, the routed experts the
    /// batch touches): grouped expert GEMMs read their weights at a lower rate than dense ones.
    pub fn weights_read_split(&self, batch: f64) -> (f64, f64) {
        let (moe_layers, expert) = self.routed_experts();
        if moe_layers <= 0.0 || expert <= 0.0 {
            return (self.params, 0.0);
        }
        let arch = self.param_count();
        let scale = if arch.total > 0.0 {
            self.params / arch.total
        } else {
            1.0
        };
        let routed_all = scale * moe_layers * self.experts * expert;
        let shared = (self.params - routed_all).max(0.0);
        let touched = scale * moe_layers * self.experts_touched(batch) * expert;
        let total = (shared + touched).clamp(self.active_params.min(self.params), self.params);
        (shared.min(total), total - shared.min(total))
    }

    /// Cached values per token and layer: keys and values of every KV head, or (latent
    /// attention) the latent plus the rotary key.
    pub fn kv_values_per_token_layer(&self) -> f64 {
        if self.mla() {
            self.kv_lora_rank + self.rope_head_dim
        } else {
            2.0 * self.kv_heads * self.head_dim
        }
    }

    /// Cached values of a sequence of `len` tokens: window layers keep at most the window.
    pub fn kv_values(&self, len: f64) -> f64 {
        self.kv_values_per_token_layer() * self.keys_over_layers(len)
    }
}

/// The shape of a model known only by its parameter count: `layers` and `d_model` with
/// d_model = 128 × layers and 128-wide heads, the width-to-depth ratio of GPT-3 6.7B–175B
/// (Brown et al. 2020, arXiv 2005.14165, Table 2.1: 4096/32, 5140/40, 12288/96) and of
/// Llama 2 7B and 13B (Touvron et al. 2023, arXiv 2307.09288); blocks as Llama 2's (gated FFN of
/// 8·d/3, untied 32,000-token embeddings), so N ≈ 12·L·d² + 2·V·d.
pub fn shape_for(params: f64, vocab: f64) -> (f64, f64) {
    let n = |l: f64| {
        let d = 128.0 * l;
        12.0 * l * d * d + 2.0 * vocab * d
    };
    // n grows monotonically with the layer count: bisect on it, then round.
    let (mut lo, mut hi) = (0.0f64, 10_000.0f64);
    for _ in 0..100 {
        let mid = (lo + hi) / 2.0;
        if n(mid) < params {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    let layers = lo.round().clamp(1.0, 10_000.0);
    (layers, 128.0 * layers)
}

/// Forward FLOPs per token over sequences of `n` tokens: (weights, attention).
pub fn forward_flops_per_token(m: &ModelInputs, n: f64) -> (f64, f64) {
    (m.dense_flops_per_token(), m.attention_flops_per_token(n))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A dense model with full multi-head attention and a plain 4·d FFN (GPT-3's shape).
    pub fn plain(layers: f64, d: f64, heads: f64, vocab: f64) -> ModelInputs {
        ModelInputs {
            params: 0.0,
            active_params: 0.0,
            layers,
            d_model: d,
            heads,
            kv_heads: heads,
            head_dim: d / heads,
            context: 2048.0,
            vocab,
            ffn_dim: 4.0 * d,
            ffn_matrices: 2.0,
            embedding_matrices: 1.0,
            experts: 0.0,
            experts_per_token: 0.0,
            shared_experts: 0.0,
            expert_ffn_dim: 0.0,
            dense_layers: 0.0,
            kv_lora_rank: 0.0,
            q_lora_rank: 0.0,
            rope_head_dim: 0.0,
            sliding_window: 0.0,
            local_layers: 0.0,
            encoder_layers: 0.0,
        }
    }

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a / b - 1.0).abs() <= tol
    }

    #[test]
    fn a_plain_transformer_has_twelve_l_d_squared_parameters() {
        // Kaplan et al. 2020 §2.1: N ≈ 12·L·d² plus the embedding.
        let m = plain(96.0, 12288.0, 96.0, 50257.0);
        let n = m.param_count();
        assert_eq!(n.total, 12.0 * 96.0 * 12288f64.powi(2) + 50257.0 * 12288.0);
        assert_eq!(n.total, n.active);
    }

    #[test]
    fn full_width_global_attention_is_two_l_d_n_plus_one() {
        let m = plain(96.0, 12288.0, 96.0, 50257.0);
        let a = m.attention_flops_per_token(2048.0);
        assert!(close(a, 2.0 * 96.0 * 12288.0 * 2049.0, 1e-12));
        // Quadratic in total: doubling the sequence doubles the per-token attention.
        assert!(close(m.attention_flops_per_token(4097.0) / a, 2.0, 1e-9));
    }

    #[test]
    fn a_sliding_window_caps_attention_and_the_cache() {
        let mut m = plain(32.0, 4096.0, 32.0, 32000.0);
        m.sliding_window = 4096.0;
        m.local_layers = 32.0;
        // Shorter than the window: as global.
        let g = plain(32.0, 4096.0, 32.0, 32000.0);
        assert_eq!(
            m.attention_flops_per_token(2048.0),
            g.attention_flops_per_token(2048.0)
        );
        // Far longer: each token sees about w keys instead of n/2.
        let long = m.attention_flops_per_token(1e6) / g.attention_flops_per_token(1e6);
        assert!(close(long, 4096.0 / 500_000.5, 0.01), "{long}");
        assert_eq!(m.kv_values(1e6), m.kv_values(4096.0));
        assert!(g.kv_values(1e6) > g.kv_values(4096.0));
    }

    #[test]
    fn experts_count_in_total_but_only_the_routed_ones_in_active() {
        // Mixtral 8x7B's shape: 8 experts of 14336, 2 per token, GQA 8 KV heads.
        let mut m = plain(32.0, 4096.0, 32.0, 32000.0);
        m.kv_heads = 8.0;
        m.ffn_matrices = 3.0;
        m.embedding_matrices = 2.0;
        m.experts = 8.0;
        m.experts_per_token = 2.0;
        m.expert_ffn_dim = 14336.0;
        let n = m.param_count();
        assert!(close(n.total, 46.7e9, 0.01), "{}", n.total);
        assert!(close(n.active, 12.9e9, 0.01), "{}", n.active);
    }

    #[test]
    fn latent_attention_caches_the_latent_not_the_heads() {
        let mut m = plain(61.0, 7168.0, 128.0, 129280.0);
        m.head_dim = 128.0;
        m.kv_lora_rank = 512.0;
        m.rope_head_dim = 64.0;
        assert_eq!(m.kv_values_per_token_layer(), 576.0);
        // Scores over 192-wide query/key heads, sums over 128-wide values.
        assert_eq!(m.attention_flops_per_key(), 2.0 * 128.0 * (192.0 + 128.0));
        // Decode absorbs the up-projections: each head works in the 512-wide latent.
        let per_key = m.decode_attention_flops(1000.0) / (61.0 * 1000.0);
        assert_eq!(per_key, 2.0 * 128.0 * (2.0 * 512.0 + 64.0));
        // Other attention decodes as it prefills.
        let g = plain(32.0, 4096.0, 32.0, 32000.0);
        assert_eq!(
            g.decode_attention_flops(1000.0),
            g.attention_flops_per_key() * 32.0 * 1000.0
        );
    }

    #[test]
    fn a_parameter_count_alone_gives_a_llama_like_shape() {
        // Llama 2 7B: 32 layers of width 4096 (6.7B); 13B: 40 × 5120.
        assert_eq!(shape_for(6.7e9, 32000.0), (32.0, 4096.0));
        assert_eq!(shape_for(13.0e9, 32000.0), (40.0, 5120.0));
        // Monotone, and never below one layer.
        assert!(shape_for(70e9, 32000.0).0 > shape_for(13e9, 32000.0).0);
        assert_eq!(shape_for(1.0, 32000.0).0, 1.0);
    }

    #[test]
    fn an_untied_input_embedding_costs_no_flops() {
        let mut m = plain(2.0, 1024.0, 8.0, 50000.0);
        m.active_params = 1e9;
        let tied = m.dense_flops_per_token();
        m.embedding_matrices = 2.0;
        assert_eq!(tied - m.dense_flops_per_token(), 2.0 * 50000.0 * 1024.0);
    }
}
