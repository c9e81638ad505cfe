"""What a model is: architectures, custom layers, converted pretrained backbones, the verified bundle."""
