package org.seqlab.nn.kernel;

import org.seqlab.nn.Parameter;

/**
 * The four parameters of one direction of one recurrent layer, in PyTorch's layout: {@code weightIh [G*H, in]},
 * {@code weightHh [G*H, H]}, {@code biasIh [G*H]}, {@code biasHh [G*H]}, gate block {@code g} in rows
 * {@code g*H .. (g+1)*H-1}.
 */
public record DirectionParams(Parameter weightIh, Parameter weightHh, Parameter biasIh, Parameter biasHh) {
}
